package dev.quiver.acceptance;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One platform the acceptance scenarios run on: the local platform ({@code quiver dev}) or the cluster stand-in.
 * Everything a scenario does goes through here, so the scenarios are written once.
 */
interface PlatformUnderTest extends AutoCloseable {

    /** A short name for logs and test names ({@code local}, {@code cluster}). */
    String name();

    /** The gateway's base URI ({@code http://127.0.0.1:PORT}). */
    URI gateway();

    /** The NATS server the platform and its functions use. */
    String natsUrl();

    /** The runtime's web dashboard: where it listens and the token its API wants (one replica's on a cluster). */
    DashboardAccess dashboard();

    /**
     * Where a dashboard listens ({@code http://127.0.0.1:PORT}) and its token: what {@code quiver dev} prints as
     * {@code Dashboard: http://127.0.0.1:PORT/?token=TOKEN}.
     */
    record DashboardAccess(URI base, String token) {
    }

    /**
     * Deploys a function folder (new, or a new version of one deployed before) and waits until its newest
     * revision is Ready.
     *
     * @return the name of that revision
     * @throws DeployFailedException when the newest revision fails instead
     */
    String deploy(FunctionFolder folder);

    /**
     * Makes the folder's template read these environment variables from configuration kept apart from the
     * function, written now: a ConfigMap named {@code configName} on a cluster (env {@code valueFrom}); on the local
     * platform, which resolves no references, the template's own env values.
     */
    FunctionFolder configure(FunctionFolder folder, String configName, Map<String, String> env);

    /** {@code quiver traffic FUNCTION ARGS...}: replaces the function's traffic. */
    void traffic(String function, String... args);

    /** {@code quiver rollback FUNCTION}: traffic back to the previous revision. */
    void rollback(String function);

    /**
     * {@code quiver rollout ACTION FUNCTION} ({@code status}, {@code promote} or {@code abort}): what it printed and
     * how it ended, success or not, for the scenario to judge.
     */
    Cli.Run rollout(String function, String action);

    /** The function as the platform reports it (status included), or null when it has none. */
    Function function(String function);

    /** The function's revisions as the platform reports them. */
    List<FunctionRevision> revisions(String function);

    /** The revision with that name, or null. */
    default FunctionRevision revision(String function, String revision) {
        return revisions(function).stream().filter(r -> r.getMetadata().getName().equals(revision)).findFirst()
                .orElse(null);
    }

    /** The latest ready revision of the function, or null. */
    default String readyRevision(String function) {
        Function current = function(function);
        return current == null || current.getStatus() == null ? null : current.getStatus().latestReadyRevisionName;
    }

    /** How many replicas of the revision run and are ready, as observed on the platform (processes, pods). */
    int replicas(String function, String revision);

    /**
     * How many job processes of a Job-mode function run now, as observed on the platform (child processes with
     * {@code QUIVER_MODE=Job}; pods of the function's Jobs).
     */
    int runningJobs(String function);

    /**
     * SIGKILLs every replica of the function (its serving processes, not its jobs), as a crash would: processes on
     * the local platform, pod processes on the cluster (their restartPolicy applies).
     *
     * @return how many were killed
     */
    int killReplicas(String function);

    /** The ids of the function's jobs that finished successfully (the runtime's job records; Jobs that succeeded). */
    List<String> succeededJobs(String function);

    /** The last lines of the platform's own logs, for a failure message. */
    String diagnostics();

    @Override
    void close();

    /** A deploy whose newest revision failed: its name and the reason the platform reports. */
    final class DeployFailedException extends RuntimeException {

        private final String revision;

        DeployFailedException(String revision, String reason) {
            super("revision " + revision + " failed: " + reason);
            this.revision = revision;
        }

        /** The failed revision. */
        String revision() {
            return revision;
        }
    }
}
