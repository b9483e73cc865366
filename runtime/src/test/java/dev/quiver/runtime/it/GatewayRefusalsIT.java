package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built runtime answers an over-long request target and over-large headers with the gateway's JSON errors,
 * not the HTTP server's empty 414 and 431 (nor HTTP/2's GOAWAY): its own limits sit above the gateway's. The
 * harness's client speaks HTTP/2 after the first request (h2c upgrade).
 */
class GatewayRefusalsIT {

    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void anOverLongTargetIs414JsonAndOverLargeHeadersAre431Json() throws Exception {
        try (LocalRuntimeProcess runtime = LocalRuntimeProcess.start(List.of(), Map.of())) {
            runtime.await("the gateway", START, () -> runtime.get("/fn/none", Map.of()).statusCode(), status -> status > 0);

            HttpResponse<String> longTarget = runtime.get("/fn/none?q=" + "a".repeat(6000), Map.of());
            HttpResponse<String> bigHeaders = runtime.get("/fn/none", Map.of("X-Big", "b".repeat(30_000)));

            assertThat(longTarget.statusCode()).isEqualTo(414);
            assertThat(longTarget.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(RuntimeJson.json(longTarget.body()).path("error").asText()).isEqualTo("UriTooLong");
            assertThat(bigHeaders.statusCode()).isEqualTo(431);
            assertThat(RuntimeJson.json(bigHeaders.body()).path("error").asText()).isEqualTo("HeadersTooLarge");
        }
    }
}
