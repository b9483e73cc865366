package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The pieces of a pod's status as a kubelet writes them: container states, conditions, timestamps to the second. */
final class PodStatuses {

    private PodStatuses() {
    }

    static ContainerState running(Instant startedAt) {
        return new ContainerStateBuilder().withNewRunning().withStartedAt(stamp(startedAt)).endRunning().build();
    }

    static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason == null ? "ContainerCreating" : reason)
                .withMessage(message).endWaiting().build();
    }

    static ContainerState terminated(int code, Instant started, Instant finished) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error")
                .withStartedAt(started == null ? null : stamp(started))
                .withFinishedAt(finished == null ? null : stamp(finished))
                .endTerminated().build();
    }

    /** A scheduled, initialised pod's status with its one container; ready or not. */
    static PodStatus pod(String phase, String ip, Instant created, boolean ready, ContainerStatus container) {
        String at = stamp(created);
        return new PodStatusBuilder()
                .withPhase(phase)
                .withHostIP("127.0.0.1")
                .withPodIP(ip)
                .withPodIPs(new PodIP(ip))
                .withStartTime(at)
                .withConditions(
                        condition("PodScheduled", true, at),
                        condition("Initialized", true, at),
                        condition("ContainersReady", ready, null),
                        condition("Ready", ready, null))
                .withContainerStatuses(container)
                .build();
    }

    private static PodCondition condition(String type, boolean status, String at) {
        PodCondition condition = new PodCondition();
        condition.setType(type);
        condition.setStatus(status ? "True" : "False");
        condition.setLastTransitionTime(at);
        return condition;
    }

    /** Now, to the second, as the API writes times. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static String stamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
