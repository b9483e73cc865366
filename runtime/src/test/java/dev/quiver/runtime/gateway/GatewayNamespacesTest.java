package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Short and namespace-qualified function URLs, and why no namespace can capture another's traffic. */
class GatewayNamespacesTest extends GatewayFixture {

    @Test
    void shortFormReachesTheDefaultNamespacesFunctionAndQualifiedFormTheNamedNamespaces() throws Exception {
        twoNamespacesWithPayments();
        start(GatewayConfig.defaults());

        assertThat(get("/fn/payments", Map.of()).body()).isEqualTo("production");
        assertThat(get("/fn/quiver-dev/payments", Map.of()).body()).isEqualTo("development");
        assertThat(get("/fn/default/payments", Map.of()).body()).isEqualTo("production");
        assertThat(get("/fn/quiver-dev/payments@live", Map.of()).body()).isEqualTo("development");
        HttpResponse<String> deep = get("/fn/quiver-dev/payments/refunds/7?x=1", Map.of());
        assertThat(deep.body()).isEqualTo("development");
        assertThat(upstreamOf("development").seen.get(upstreamOf("development").seen.size() - 1).uri())
                .isEqualTo("/refunds/7?x=1");
    }

    @Test
    void credentialsSentToTheShortFormNeverReachAnotherNamespacesFunctionOfTheSameName() throws Exception {
        twoNamespacesWithPayments();
        start(GatewayConfig.defaults());

        for (int i = 0; i < 20; i++) {
            assertThat(get("/fn/payments", Map.of("Authorization", "Bearer production-secret")).body())
                    .isEqualTo("production");
        }

        assertThat(upstreamOf("development").seen).isEmpty();
        assertThat(upstreamOf("production").seen).hasSize(20)
                .allSatisfy(seen -> assertThat(seen.headers().get("Authorization")).isEqualTo("Bearer production-secret"));
    }

    @Test
    void aFunctionOnlyInAnotherNamespaceIsNotReachedByTheShortForm() throws Exception {
        catalog.with(Routes.function("payments").in("quiver-dev").split(PAYMENTS, 100));
        readyAnswering(Routes.ref("quiver-dev", PAYMENTS), "development");
        start(GatewayConfig.defaults());

        assertError(get("/fn/payments", Map.of()), 404, "FunctionNotFound", "payments", null);
        assertError(get("/fn/nowhere/payments", Map.of()), 404, "FunctionNotFound", "nowhere", null);
        assertThat(get("/fn/quiver-dev/payments", Map.of()).body()).isEqualTo("development");
    }

    @Test
    void aDefaultNamespaceFunctionNamedLikeANamespaceShadowsItsQualifiedUrls() throws Exception {
        catalog.with(Routes.function("quiver-dev").split("quiver-dev-00001", 100));
        catalog.with(Routes.function("payments").in("quiver-dev").split(PAYMENTS, 100));
        Upstream shadowing = readyAnswering(Routes.ref("quiver-dev-00001"), "shadowing");
        readyAnswering(Routes.ref("quiver-dev", PAYMENTS), "development");
        start(GatewayConfig.defaults());

        assertThat(get("/fn/quiver-dev/payments", Map.of()).body()).isEqualTo("shadowing");
        assertThat(shadowing.seen.get(0).uri()).isEqualTo("/payments");
    }

    @Test
    void anEventOfATriggerInAnotherNamespaceReachesThatNamespacesFunction() throws Exception {
        twoNamespacesWithPayments();
        catalog.with(Routes.function("quiver-dev").split("quiver-dev-00001", 100)); // shadows /fn/quiver-dev/...
        readyAnswering(Routes.ref("quiver-dev-00001"), "shadowing");
        start(GatewayConfig.defaults());
        try (GatewayInvoker invoker = new GatewayInvoker(vertx, "127.0.0.1", server.actualPort())) {
            InvocationResult result = invoker.invoke(new Invocation("quiver-dev", "payments", "event-1", "nats://pay",
                    "dev.quiver.nats.message", "pay", Instant.now(), "application/json", "{}".getBytes(),
                    Map.of(), Duration.ofSeconds(10))).toCompletableFuture().get(20, TimeUnit.SECONDS);

            assertThat(new String(result.body())).isEqualTo("development");
            assertThat(upstreamOf("production").seen).isEmpty();
            assertThat(upstreamOf("shadowing").seen).isEmpty();
        }
    }

    @Test
    void onlyTheRuntimesOwnCallsMayNameTheNamespaceByHeader() throws Exception {
        twoNamespacesWithPayments();
        start(GatewayConfig.defaults());

        assertThat(get("/fn/payments", Map.of(GatewayInvoker.NAMESPACE_HEADER, "quiver-dev")).body())
                .isEqualTo("production");
        assertThat(get("/fn/payments", Map.of(GatewayInvoker.NAMESPACE_HEADER, "quiver-dev",
                InternalKey.HEADER, InternalKey.value())).body()).isEqualTo("development");
    }
}
