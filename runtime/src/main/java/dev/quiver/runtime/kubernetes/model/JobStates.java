package dev.quiver.runtime.kubernetes.model;

import dev.quiver.api.contract.ChildNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/** What the runtime reads from a Job and its pod while it runs one event. */
public final class JobStates {

    private JobStates() {
    }

    /** Whether the pod passed readiness and has an IP to POST the event to. */
    public static boolean podReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getPodIP() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Whether the pod has ended (it never restarts: restartPolicy Never). */
    public static boolean podEnded(Pod pod) {
        return pod.getStatus() != null && ("Succeeded".equals(pod.getStatus().getPhase())
                || "Failed".equals(pod.getStatus().getPhase()));
    }

    /** Empty while the Job runs; then true when it completed, false when it failed. */
    public static Optional<Boolean> outcome(Job job) {
        if (job.getStatus() == null) {
            return Optional.empty();
        }
        if (job.getStatus().getConditions() != null) {
            for (var condition : job.getStatus().getConditions()) {
                if ("True".equals(condition.getStatus()) && "Complete".equals(condition.getType())) {
                    return Optional.of(true);
                }
                if ("True".equals(condition.getStatus()) && "Failed".equals(condition.getType())) {
                    return Optional.of(false);
                }
            }
        }
        if (job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0) {
            return Optional.of(true);
        }
        if (job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** The exit code of the function's container once it terminated. */
    public static Optional<Integer> exitCode(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> ChildNames.CONTAINER.equals(s.getName()) && s.getState() != null
                        && s.getState().getTerminated() != null)
                .map(s -> s.getState().getTerminated().getExitCode()).findFirst();
    }
}
