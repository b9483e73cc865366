package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's meters: replies counted by function, revision and code; a gone revision's meters go too. */
class GatewayMetricsTest extends GatewayFixture {

    @Test
    void metricsCountRepliesByFunctionRevisionAndCode() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        readyAnswering(V1);
        start(GatewayConfig.defaults());
        get("/fn/hello", Map.of());
        get("/fn/hello", Map.of());
        get("/fn/ghost", Map.of());

        HttpResponse<String> metrics = get("/metrics", Map.of());

        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        Scrape scrape = Scrape.of(metrics.body());
        String[] hello = {"namespace", "default", "function", "hello", "revision", V1};
        assertThat(scrape.value("quiver_requests_total", with(hello, "code", "200"))).hasValue(2.0);
        assertThat(scrape.value("quiver_requests_total", "namespace", "", "function", "", "revision", "", "code", "404"))
                .hasValue(1.0);
        assertThat(scrape.value("quiver_request_duration_seconds_count", hello)).hasValue(2.0);
        assertThat(scrape.value("quiver_request_duration_seconds_bucket", with(hello, "le", "+Inf"))).hasValue(2.0);
        assertThat(scrape.value("quiver_requests_in_flight", hello)).hasValue(0.0);
        assertThat(scrape.value("quiver_queue_depth", hello)).hasValue(0.0);
        assertThat(scrape.value("quiver_ready_replicas", hello)).hasValue(1.0);
        assertThat(metrics.body()).doesNotContain("ghost");
    }

    @Test
    void aRevisionsMetersGoWhenItHasLeftTheRoutesAndItsLastReplicaIsGone() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        readyAnswering(V1);
        start(GatewayConfig.defaults());
        assertThat(get("/fn/hello", Map.of()).statusCode()).isEqualTo(200);
        assertThat(Scrape.of(get("/metrics", Map.of()).body()).value("quiver_ready_replicas", "revision", V1))
                .hasValue(1.0);

        catalog.with(Routes.function("hello").split(V2, 100));
        platform.ready(Routes.ref(V1));

        Scrape scrape = Scrape.of(get("/metrics", Map.of()).body());
        assertThat(scrape.samples()).noneMatch(sample -> V1.equals(sample.labels().get("revision")));
    }
}
