package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.builder.RegistryProcess;
import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With digest resolution on (as deployed), a Function's image given by tag makes a revision pinned to the digest the
 * registry ({@code docker-registry} on loopback) serves, and a tag that does not resolve makes no revision and says
 * why on the Function.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ImagePinningMockApiTest.ResolveDigests.class)
class ImagePinningMockApiTest extends MockApiTest {

    /** The deployed setting: tags are resolved. */
    public static final class ResolveDigests implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quiver.controller.images.resolve-digests", "true");
        }
    }

    private static RegistryProcess registry;
    private static String digest;

    @KubernetesTestServer
    KubernetesServer server;

    private MockApi api;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start();
        digest = registry.push("team/hello", "1", "{\"os\":\"linux\"}", "hello 1".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void mockApiInTheTestsNamespace() {
        api = new MockApi(client(), namespace);
    }

    @Test
    void aTaggedImageMakesARevisionPinnedToItsDigestKeepingTheTag() {
        String image = registry.host() + "/team/hello:1";
        api.create(Fixtures.function(api.namespace, "hello", image));

        awaitCondition(() -> api.deployment("hello-00001") != null);

        assertThat(api.revision("hello-00001").getSpec().image).isEqualTo(image + "@" + digest);
        assertThat(api.deployment("hello-00001").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(image + "@" + digest);
        assertThat(api.function("hello").getSpec().image).as("the Function keeps what the user wrote").isEqualTo(image);
    }

    @Test
    void aTagThatDoesNotResolveMakesNoRevisionAndSaysWhyOnTheFunction() {
        String image = registry.host() + "/team/hello:404";
        api.create(Fixtures.function(api.namespace, "hello", image));

        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.LATEST_REVISION_READY, Condition.FALSE));

        Condition condition = api.function("hello").getStatus().condition(ConditionTypes.LATEST_REVISION_READY);
        assertThat(condition.reason).isEqualTo(FunctionReconciler.IMAGE_NOT_RESOLVED);
        assertThat(condition.message).startsWith("image " + image + " could not be resolved: 404 manifest unknown");
        assertThat(api.revisions("hello")).isEmpty();
    }
}
