package dev.quiver.runtime.kubernetes;

import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.Function;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.api.Mode;
import dev.quiver.api.Triggers;
import dev.quiver.runtime.auth.ApiKeyCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static dev.quiver.runtime.kubernetes.Cluster.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Function with ApiKey auth gets the digest of the key in the Secret it names, a rotated key is picked up, and an
 * API server error neither opens the function nor refuses a key that was read before.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ApiKeySecretsMockApiTest extends MockApiTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    @Override
    protected KubernetesClient client() {
        return client;
    }

    private Cluster cluster;
    private KubernetesRouteCatalog catalog;
    /** The runtime's view: fabric8 itself retries 5xx a few times; without that, one failed answer reaches Quiver. */
    private KubernetesClient runtimeClient;

    @BeforeEach
    void start() {
        cluster = new Cluster(client, namespace);
        runtimeClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        catalog = new KubernetesRouteCatalog(runtimeClient, List.of(cluster.namespace)).start();
    }

    @AfterEach
    void stop() {
        catalog.close();
        runtimeClient.close();
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

    @Test
    void aTransientApiErrorKeepsTheKeyReadBeforeAndTheKeyIsReadAgainSoonAfter() {
        secret("first-key");
        cluster.revision("orders", "orders-00001", Mode.Service, 0, 1);
        protect(cluster.function("orders", 3, List.of(target("orders-00001", 100))));
        eventually(() -> catalog.find("orders").map(r -> accepts(r.apiKeySha256(), "first-key")).orElse(false));
        secret("second-key");
        failNextRead();

        catalog.refreshApiKeys();

        // the failed read kept the key read before (the rotation is not seen yet): callers with it are still served
        assertThat(accepts(catalog.find("orders").orElseThrow().apiKeySha256(), "first-key")).isTrue();
        // and the key is read again within the backoff, not at the next half-minute refresh
        eventually(() -> {
            catalog.retryApiKeys();
            return accepts(catalog.find("orders").orElseThrow().apiKeySha256(), "second-key");
        });
    }

    @Test
    void aKeyNeverReadBecauseOfAnApiErrorIsUnavailableThenReadOnTheBackoff() {
        secret("first-key");
        Function function = protectedFunction();
        AtomicLong now = new AtomicLong();
        ApiKeySecrets secrets = new ApiKeySecrets(runtimeClient, now::get);
        failNextRead();

        byte[] first = secrets.digestFor(function);

        assertThat(ApiKeyCheck.isUnavailable(first)).as("not a refusal: the key was not judged").isTrue();
        assertThat(ApiKeyCheck.check("Bearer first-key", first)).isEqualTo(ApiKeyCheck.Outcome.UNAVAILABLE);
        assertThat(secrets.due()).as("not before the first backoff").isEmpty();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(secrets.due()).containsExactly(cluster.namespace + "/orders");
        assertThat(accepts(secrets.digestFor(function), "first-key")).isTrue();
        assertThat(secrets.due()).isEmpty();
    }

    @Test
    void repeatedApiErrorsBackOffUpToHalfAMinute() {
        secret("first-key");
        Function function = protectedFunction();
        AtomicLong now = new AtomicLong();
        ApiKeySecrets secrets = new ApiKeySecrets(runtimeClient, now::get);
        for (int failure = 0; failure < 8; failure++) {
            failNextRead();
            assertThat(ApiKeyCheck.isUnavailable(secrets.digestFor(function))).isTrue();
        }

        now.addAndGet(ApiKeySecrets.LAST_RETRY.toNanos() - 1);
        assertThat(secrets.due()).as("the eighth failure waits the longest backoff").isEmpty();
        now.addAndGet(1);
        assertThat(secrets.due()).containsExactly(cluster.namespace + "/orders");
    }

    @Test
    void aSecretThatIsReallyGoneRefusesEvenAfterItsKeyWasRead() {
        secret("first-key");
        Function function = protectedFunction();
        ApiKeySecrets secrets = new ApiKeySecrets(runtimeClient);
        assertThat(accepts(secrets.digestFor(function), "first-key")).isTrue();
        client.secrets().inNamespace(cluster.namespace).withName("orders-key").delete();
        eventually(() -> client.secrets().inNamespace(cluster.namespace).withName("orders-key").get() == null);

        byte[] digest = secrets.digestFor(function);

        assertThat(digest).isEmpty();
        assertThat(ApiKeyCheck.check("Bearer first-key", digest)).isEqualTo(ApiKeyCheck.Outcome.WRONG);
        assertThat(secrets.due()).isEmpty();
    }

    /** A Function with ApiKey auth that only the test knows: the catalog, which reads keys too, never sees it. */
    private Function protectedFunction() {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withNamespace(cluster.namespace)
                .withName("orders").build());
        function.getSpec().triggers = new Triggers();
        function.getSpec().triggers.http = new HttpTrigger();
        function.getSpec().triggers.http.auth = HttpAuth.ApiKey;
        function.getSpec().triggers.http.apiKeySecret = new SecretKeySelector("token", "orders-key", false);
        return function;
    }

    /** The next read of the key's Secret fails as an overloaded or restarting API server does. */
    private void failNextRead() {
        server.expect().get().withPath("/api/v1/namespaces/" + cluster.namespace + "/secrets/orders-key")
                .andReturn(500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500}")
                .once();
    }

    private static boolean accepts(byte[] digest, String key) {
        return digest != null && ApiKeyCheck.check("Bearer " + key, digest) == ApiKeyCheck.Outcome.ACCEPTED;
    }

    private void secret(String key) {
        client.resource(new SecretBuilder().withNewMetadata().withName("orders-key").withNamespace(cluster.namespace)
                .endMetadata().withData(Map.of("token", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))).build()).createOr(existing -> existing.update());
    }

    private Function protect(Function function) {
        Function current = client.resources(Function.class).inNamespace(cluster.namespace)
                .withName(function.getMetadata().getName()).get();
        current.getSpec().triggers = new Triggers();
        current.getSpec().triggers.http = new HttpTrigger();
        current.getSpec().triggers.http.auth = HttpAuth.ApiKey;
        current.getSpec().triggers.http.apiKeySecret = new SecretKeySelector("token", "orders-key", false);
        return client.resource(current).update();
    }
}
