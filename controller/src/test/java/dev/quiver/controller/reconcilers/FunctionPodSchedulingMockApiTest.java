package dev.quiver.controller.reconcilers;

import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's {@code quiver.controller.functions.*} settings, given as the Helm chart gives them (environment-style
 * text: comma-separated lists, tolerations as JSON), reach the Deployment of a revision the controller writes.
 */
@QuarkusTest
@TestProfile(FunctionPodSchedulingMockApiTest.Scheduled.class)
@WithKubernetesTestServer(crud = true)
class FunctionPodSchedulingMockApiTest extends MockApiTest {

    private static final String IMAGE = "registry.local/hello@sha256:" + "1".repeat(64);

    @KubernetesTestServer
    KubernetesServer server;

    /** Function pods on dedicated, tainted nodes, under gVisor, pulling from a private registry. */
    public static class Scheduled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quiver.controller.functions.node-selector", "pool=functions,kubernetes.io/os=linux",
                    "quiver.controller.functions.tolerations",
                    "[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"functions\",\"effect\":\"NoSchedule\"}]",
                    "quiver.controller.functions.image-pull-secrets", "regcred,mirror",
                    "quiver.controller.functions.runtime-class-name", "gvisor");
        }
    }

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @Test
    void aRevisionsPodsRunWhereTheOperatorSaid() {
        KubernetesClient client = server.getClient();
        MockApi api = new MockApi(client, namespace);

        api.create(Fixtures.function(api.namespace, "hello", IMAGE));
        awaitCondition(() -> api.deployment("hello-00001") != null);

        PodSpec pod = api.deployment("hello-00001").getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsExactlyInAnyOrderEntriesOf(Map.of("pool", "functions",
                "kubernetes.io/os", "linux"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred", "mirror");
        assertThat(pod.getRuntimeClassName()).isEqualTo("gvisor");
    }
}
