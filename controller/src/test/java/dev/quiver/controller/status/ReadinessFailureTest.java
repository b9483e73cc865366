package dev.quiver.controller.status;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The message of a revision whose replicas never became ready, and the replica it shows. */
class ReadinessFailureTest {

    private static final HealthProbe SDK = Probes.of(new FunctionTemplate(), DefaultProbe.QuiverSdk).readiness();
    private static final HealthProbe TCP = Probes.of(new FunctionTemplate(), null).readiness();

    @Test
    void namesTheProbeThePodAndItsLastLogLines() {
        String message = ReadinessFailure.message("ReplicaSet \"hello-00002-7d9\" has timed out progressing.", SDK,
                new ReadinessFailure.UnreadyPod("hello-00002-7d9-x2", "CrashLoopBackOff, restarted 3 times, last exit code 1",
                        "Starting\nERROR: port 9090 in use\n"));

        assertThat(message).isEqualTo("no replica passed its readiness probe (GET /health/ready on port 8080, every 1 s) "
                + "within the progress deadline (ReplicaSet \"hello-00002-7d9\" has timed out progressing.); pod "
                + "hello-00002-7d9-x2 (CrashLoopBackOff, restarted 3 times, last exit code 1), last lines of its log:\n"
                + "Starting\nERROR: port 9090 in use");
    }

    @Test
    void aTcpProbeIsNamedAsAConnectToThePort() {
        assertThat(ReadinessFailure.message("", TCP, null)).isEqualTo("no replica passed its readiness probe (TCP "
                + "connect to $PORT on port 8080, every 1 s) within the progress deadline");
    }

    @Test
    void logLinesThatLookLikeSecretsAreLeftOut() {
        String message = ReadinessFailure.message(null, TCP, new ReadinessFailure.UnreadyPod("p", "",
                "connecting\nDB_PASSWORD=hunter2\nAuthorization: Bearer abc\nrefused"));

        assertThat(message).contains("connecting\nrefused").doesNotContain("hunter2", "Bearer")
                .contains("2 line(s) hidden");
    }

    @Test
    void aLogThatCouldNotBeReadOrIsEmptyIsSaidSo() {
        assertThat(ReadinessFailure.message(null, TCP, new ReadinessFailure.UnreadyPod("p", "", null)))
                .endsWith("; pod p: its log could not be read");
        assertThat(ReadinessFailure.message(null, TCP, new ReadinessFailure.UnreadyPod("p", "running, not ready", "")))
                .endsWith("; pod p (running, not ready) logged nothing");
    }

    @Test
    void theReplicaShownIsANotReadyOneThatRestartedMost() {
        Pod ready = pod("ready", true, 5);
        Pod crashing = pod("crashing", false, 3);
        Pod starting = pod("starting", false, 0);

        ReadinessFailure.UnreadyPod shown = ReadinessFailure.unreadyPod(List.of(ready, starting, crashing)).orElseThrow();

        assertThat(shown.name()).isEqualTo("crashing");
        assertThat(shown.state()).isEqualTo("CrashLoopBackOff, restarted 3 times, last exit code 1");
        assertThat(shown.log()).isNull();
        assertThat(ReadinessFailure.unreadyPod(List.of(ready))).isEmpty();
    }

    private static Pod pod(String name, boolean ready, int restarts) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus();
        ContainerStatusBuilder container = new ContainerStatusBuilder().withName(ChildNames.CONTAINER).withReady(ready)
                .withRestartCount(restarts);
        if (restarts > 0 && !ready) {
            container.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(1).endTerminated().endLastState();
        } else {
            container.withNewState().withNewRunning().endRunning().endState();
        }
        return pod.editStatus().addToContainerStatuses(container.build()).endStatus().build();
    }
}
