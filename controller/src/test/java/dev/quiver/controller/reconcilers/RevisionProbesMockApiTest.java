package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.standin.testing.MockApiTest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes a revision's pods get from the client build's annotation, and the failure of a revision whose replicas
 * never pass them: the message names the probe and shows a replica's last log lines, read through the API.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RevisionProbesMockApiTest extends MockApiTest {

    private static final String IMAGE = "registry.local/hello@sha256:" + "1".repeat(64);

    @KubernetesTestServer
    KubernetesServer server;

    private MockApi api;

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void mockApiInTheTestsNamespace() {
        api = new MockApi(client(), namespace);
    }

    @Test
    void aRevisionWhoseReplicaNeverPassesTheBuildsDefaultProbeFailsWithTheProbeAndTheReplicasLog() {
        Function function = Fixtures.function(api.namespace, "hello", IMAGE);
        function.getMetadata().setAnnotations(Map.of(DefaultProbe.ANNOTATION, DefaultProbe.QuiverSdk.name()));
        api.create(function);
        awaitCondition(() -> api.deployment("hello-00001") != null);

        FunctionRevision revision = api.revision("hello-00001");
        assertThat(revision.getSpec().defaultProbe).isEqualTo(DefaultProbe.QuiverSdk);
        Container container = api.deployment("hello-00001").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        awaitCondition(() -> api.revision("hello-00001").getStatus() != null);
        assertThat(api.revision("hello-00001").getStatus().probes).isEqualTo("readiness GET /health/ready, liveness GET "
                + "/health/live (default: the app has the Quiver SDK)");

        String pod = crashingPod("hello-00001");
        server.expect().get().withPath("/api/v1/namespaces/" + api.namespace + "/pods/" + pod
                        + "/log?pretty=false&container=function&tailLines=10")
                .andReturn(200, "Starting hello\nQUIVER_TOKEN=abc123\njava.net.BindException: Address already in use\n")
                .always();
        api.kubelet.markProgressDeadlineExceeded(api.namespace, ChildNames.deployment("hello-00001"));

        awaitCondition(() -> api.revisionCondition("hello-00001", ConditionTypes.READY, Condition.FALSE));
        Condition healthy = api.revision("hello-00001").getStatus().condition(ConditionTypes.CONTAINER_HEALTHY);
        assertThat(healthy.reason).isEqualTo("ProgressDeadlineExceeded");
        assertThat(healthy.message).contains("GET /health/ready on port 8080", pod,
                        "CrashLoopBackOff, restarted 2 times, last exit code 1", "Starting hello",
                        "java.net.BindException: Address already in use")
                .doesNotContain("abc123");
        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.LATEST_REVISION_READY, Condition.FALSE));
        assertThat(api.function("hello").getStatus().condition(ConditionTypes.LATEST_REVISION_READY).message)
                .contains("GET /health/ready", "java.net.BindException");
    }

    /** A pod of the revision whose function container keeps exiting (not ready, in back-off). */
    private String crashingPod(String revision) {
        String name = revision + "-7d9-x2";
        Pod pod = api.client.pods().inNamespace(api.namespace).resource(new PodBuilder()
                .withNewMetadata().withNamespace(api.namespace).withName(name)
                .withLabels(Map.of(Labels.REVISION, revision, Labels.FUNCTION, "hello")).endMetadata()
                .withNewSpec().addNewContainer().withName(ChildNames.CONTAINER).withImage(IMAGE).endContainer().endSpec()
                .build()).create();
        pod.setStatus(new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withName(ChildNames.CONTAINER).withReady(false).withRestartCount(2)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).endTerminated().endLastState()
                .endContainerStatus().build());
        api.client.pods().inNamespace(api.namespace).resource(pod).updateStatus();
        return name;
    }
}
