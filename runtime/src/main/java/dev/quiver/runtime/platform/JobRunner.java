package dev.quiver.runtime.platform;

import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import java.util.concurrent.CompletionStage;

/**
 * Runs one job per event for Job-mode revisions: a child process on the local platform, a Kubernetes Job from
 * the revision's Job template on Kubernetes. The job starts with {@code QUIVER_MODE=Job}; once it is ready the
 * runner POSTs the event to it as a CloudEvent in HTTP binary mode, the job answers and exits (0 after a 2xx).
 * The result carries the answer, the exit code and the duration. The caller caps the jobs of one runtime; where
 * several runtime replicas share the jobs (Kubernetes), the runner also caps them across replicas.
 */
public interface JobRunner {

    /** Starts a job of the revision for this event; the stage completes when the job has ended. Never throws. */
    CompletionStage<InvocationResult> run(RevisionRef revision, Invocation event);

    /** Jobs of the revision's function running now. */
    int running(String namespace, String function);
}
