package dev.quiver.controller.status;

import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Probes;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Says why a revision's replicas never became ready: the probe the kubelet waited for, and what one replica that
 * did not pass it wrote last. Pure: the reconciler picks the pod with {@link #unreadyPod}, reads its log's last lines
 * through the API (it may not get them) and passes them to {@link #message}.
 */
public final class ReadinessFailure {

    /** How many of a pod's last log lines the reconciler reads for the message. */
    public static final int LOG_LINES = 10;

    private ReadinessFailure() {
    }

    /**
     * One replica that is not ready, as the message names it.
     *
     * @param name  the pod's name
     * @param state its function container's state in words (e.g. {@code CrashLoopBackOff, restarted 3 times, last
     *              exit code 1}), or empty
     * @param log   the last lines of its log, or null when they could not be read
     */
    public record UnreadyPod(String name, String state, String log) {

        /** The same pod with its log's last lines. */
        public UnreadyPod withLog(String lines) {
            return new UnreadyPod(name, state, lines);
        }
    }

    /**
     * The pod whose log explains the failure best: of the revision's pods that are not ready and not being deleted,
     * the one that restarted most (a crash says more than a slow start), then the newest.
     */
    public static Optional<UnreadyPod> unreadyPod(List<Pod> pods) {
        return pods.stream()
                .filter(pod -> pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() == null)
                .filter(pod -> !isReady(pod))
                .max(Comparator.comparingInt(ReadinessFailure::restarts)
                        .thenComparing(pod -> pod.getMetadata().getCreationTimestamp() == null ? ""
                                : pod.getMetadata().getCreationTimestamp()))
                .map(pod -> new UnreadyPod(pod.getMetadata().getName(), state(pod), null));
    }

    /**
     * The message of a revision whose replicas never became ready.
     *
     * @param deadline  what the Deployment reported (its ProgressDeadlineExceeded message)
     * @param readiness the readiness probe the replicas had, every setting filled in
     * @param pod       a replica that is not ready, or null when there is none to show
     */
    public static String message(String deadline, HealthProbe readiness, UnreadyPod pod) {
        StringBuilder text = new StringBuilder("no replica passed its readiness probe (")
                .append(Probes.describe(readiness)).append(" on port ").append(ChildNames.PORT)
                .append(", every ").append(readiness.periodSeconds).append(" s) within the progress deadline");
        if (deadline != null && !deadline.isBlank()) {
            text.append(" (").append(deadline.trim()).append(')');
        }
        if (pod == null) {
            return text.toString();
        }
        text.append("; pod ").append(pod.name());
        if (pod.state() != null && !pod.state().isEmpty()) {
            text.append(" (").append(pod.state()).append(')');
        }
        String log = pod.log() == null ? "" : BuildStatuses.tail(pod.log());
        if (pod.log() == null) {
            text.append(": its log could not be read");
        } else if (log.isEmpty()) {
            text.append(" logged nothing");
        } else {
            text.append(", last lines of its log:\n").append(log);
        }
        return text.toString();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int restarts(Pod pod) {
        return container(pod).map(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).orElse(0);
    }

    /** The function container's state in words: why it waits, how often it restarted, how it last ended. */
    private static String state(Pod pod) {
        Optional<ContainerStatus> status = container(pod);
        if (status.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        ContainerStatus s = status.get();
        if (s.getState() != null && s.getState().getWaiting() != null && s.getState().getWaiting().getReason() != null) {
            text.append(s.getState().getWaiting().getReason());
        } else if (s.getState() != null && s.getState().getRunning() != null) {
            text.append("running, not ready");
        }
        if (s.getRestartCount() != null && s.getRestartCount() > 0) {
            text.append(text.isEmpty() ? "" : ", ").append("restarted ").append(s.getRestartCount())
                    .append(s.getRestartCount() == 1 ? " time" : " times");
        }
        ContainerStateTerminated last = s.getLastState() == null ? null : s.getLastState().getTerminated();
        if (last != null && last.getExitCode() != null) {
            text.append(text.isEmpty() ? "" : ", ").append("last exit code ").append(last.getExitCode());
        }
        return text.toString();
    }

    private static Optional<ContainerStatus> container(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream().filter(s -> ChildNames.CONTAINER.equals(s.getName()))
                        .findFirst();
    }
}
