package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    void aReplyIsCountedByItsStatusOnEveryKindOfConnection() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        readyAnswering(V1);
        start(GatewayConfig.defaults());

        String closed;
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.getOutputStream().write(("POST /fn/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            closed = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(); // h2c upgrade
        HttpResponse<String> upgraded = http2.send(post("/fn/hello", "{}"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> onUpgraded = http2.send(post("/fn/hello", "{}"), HttpResponse.BodyHandlers.ofString());

        assertThat(closed).startsWith("HTTP/1.1 200").endsWith(V1);
        assertThat(upgraded.body()).isEqualTo(V1);
        assertThat(onUpgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(onUpgraded.body()).isEqualTo(V1);
        Scrape scrape = Scrape.of(get("/metrics", Map.of()).body());
        assertThat(scrape.value("quiver_requests_total", "revision", V1, "code", "200")).hasValue(3.0);
        assertThat(scrape.value("quiver_requests_total", "revision", V1, "code", "499")).isEmpty();
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
