package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.api.Mode;
import dev.quiver.api.Triggers;
import dev.quiver.runtime.auth.ApiKeyCheck;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static dev.quiver.runtime.kubernetes.Cluster.target;
import static org.assertj.core.api.Assertions.assertThat;

/** A Function with ApiKey auth gets the digest of the key in the Secret it names, and a rotated key is picked up. */
@EnableKubernetesMockClient(crud = true, https = false)
class ApiKeySecretsMockApiTest {

    static KubernetesClient client;

    private Cluster cluster;
    private KubernetesRouteCatalog catalog;

    @BeforeEach
    void start() {
        Cluster.installCrds(client);
        cluster = new Cluster(client, "apikeys-" + Long.toHexString(System.nanoTime() & 0xffff));
        catalog = new KubernetesRouteCatalog(client, List.of(cluster.namespace)).start();
    }

    @AfterEach
    void stop() {
        catalog.close();
    }

    @Test
    void routesCarryTheDigestOfTheSecretsKeyAndFollowARotation() {
        secret("first-key");
        cluster.revision("orders", "orders-00001", Mode.Service, 0, 1);
        protect(cluster.function("orders", 3, List.of(target("orders-00001", 100))));

        eventually(() -> catalog.find("orders").map(r -> accepts(r.apiKeySha256(), "first-key")).orElse(false));

        secret("second-key");
        catalog.refreshApiKeys();

        assertThat(accepts(catalog.find("orders").orElseThrow().apiKeySha256(), "second-key")).isTrue();
        assertThat(accepts(catalog.find("orders").orElseThrow().apiKeySha256(), "first-key")).isFalse();
    }

    @Test
    void aMissingSecretRefusesEveryRequestInsteadOfOpeningTheFunction() {
        cluster.revision("orders", "orders-00001", Mode.Service, 0, 1);
        protect(cluster.function("orders", 3, List.of(target("orders-00001", 100))));

        eventually(() -> catalog.find("orders").map(r -> r.requiresApiKey()).orElse(false));

        assertThat(catalog.find("orders").orElseThrow().apiKeySha256()).isEmpty();
    }

    private static boolean accepts(byte[] digest, String key) {
        return ApiKeyCheck.check("Bearer " + key, digest) == ApiKeyCheck.Outcome.ACCEPTED;
    }

    private void secret(String key) {
        client.resource(new SecretBuilder().withNewMetadata().withName("orders-key").withNamespace(cluster.namespace)
                .endMetadata().withData(Map.of("token", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))).build()).createOr(existing -> existing.update());
    }

    private void protect(Function function) {
        Function current = client.resources(Function.class).inNamespace(cluster.namespace)
                .withName(function.getMetadata().getName()).get();
        current.getSpec().triggers = new Triggers();
        current.getSpec().triggers.http = new HttpTrigger();
        current.getSpec().triggers.http.auth = HttpAuth.ApiKey;
        current.getSpec().triggers.http.apiKeySecret = new SecretKeySelector("token", "orders-key", false);
        client.resource(current).update();
    }
}
