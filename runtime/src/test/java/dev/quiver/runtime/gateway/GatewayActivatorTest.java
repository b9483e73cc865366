package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.platform.RevisionRef;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Scale from zero: requests are held while a revision wakes, and answered 503 when nothing can serve them. */
class GatewayActivatorTest extends GatewayFixture {

    @Test
    void activatorHoldsRequestWhileAtZeroWakesAtOnceAndServesWhenReady() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        RevisionRef v1 = Routes.ref(V1);
        start(GatewayConfig.defaults());

        CompletableFuture<HttpResponse<String>> held = sendAsync(get("/fn/hello"));
        await(() -> !platform.wakes.isEmpty());

        assertThat(platform.wakes).containsExactly(v1);
        assertThat(held).isNotDone();
        assertThat(gateway.concurrency(v1)).isEqualTo(1);
        Upstream upstream = Upstream.answering(vertx, V1);
        upstreams.add(upstream);
        platform.ready(v1, upstream.endpoint());

        HttpResponse<String> response = held.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(V1);
        assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).hasValue(V1);
        Scrape scrape = Scrape.of(get("/metrics", Map.of()).body());
        assertThat(scrape.value("quiver_cold_starts_total", "namespace", "default", "function", "hello", "revision", V1))
                .hasValue(1.0);
        assertThat(scrape.value("quiver_cold_start_seconds_count", "namespace", "default", "function", "hello",
                "revision", V1)).hasValue(1.0);
        assertThat(scrape.value("quiver_cold_start_seconds_bucket", "revision", V1, "le", "+Inf")).hasValue(1.0);
    }

    @Test
    void heldRequestIs503WhenNoReplicaComesInTime() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        start(GatewayConfig.defaults().withColdStartTimeout(Duration.ofMillis(200)));

        HttpResponse<String> response = get("/fn/hello", Map.of());

        assertError(response, 503, "ColdStartTimeout", "hello", V1);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(platform.wakes).containsExactly(Routes.ref(V1));
    }

    @Test
    void functionWithoutServingRevisionIs503() throws Exception {
        catalog.with(Routes.function("hello").tag(V1, "stable"));
        start(GatewayConfig.defaults());

        assertError(get("/fn/hello", Map.of()), 503, "NoReadyRevision", "hello", null);
    }
}
