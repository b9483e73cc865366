package dev.quiver.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.gateway.Routes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A function's answer is kept only up to what a status record holds; a larger one is a 502 ResultTooLarge. */
class ResultLimitTest {

    private static final String REVISION = "orders-00001";

    private AsyncHarness async;

    @BeforeEach
    void start() throws Exception {
        async = new AsyncHarness(AsyncSettings.defaults().withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        async.gateway.catalog.with(Routes.function("orders").split(REVISION, 100));
    }

    @AfterEach
    void stop() throws Exception {
        async.close();
    }

    @Test
    void anAnswerLargerThanARecordHoldsFailsOnceAsResultTooLargeWithoutReadingAllOfIt() throws Exception {
        Flood flood = new Flood(64L * 1024 * 1024);
        AtomicInteger calls = new AtomicInteger();
        async.gateway.ready(REVISION, (self, request) -> {
            calls.incrementAndGet();
            flood.pour(request.response(), 200, "text/plain");
        });
        async.startWorker();

        JsonNode record = finished(async.submit("/fn/orders", Map.of(), "{}"));

        assertThat(record.path("status").asText()).isEqualTo("failed");
        assertThat(record.path("attempts").asInt()).isEqualTo(1);
        assertThat(record.path("error").asText()).startsWith(HttpForwarder.RESULT_TOO_LARGE);
        JsonNode response = record.path("response");
        assertThat(response.path("status").asInt()).isEqualTo(502);
        JsonNode error = AsyncHarness.json(response.path("body").asText());
        assertThat(error.path("error").asText()).isEqualTo(HttpForwarder.RESULT_TOO_LARGE);
        assertThat(error.path("revision").asText()).isEqualTo(REVISION);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(flood.finished).isFalse();
    }

    @Test
    void aBinaryAnswerIsMeasuredAsTheBase64TheRecordStores() throws Exception {
        int bytes = (int) (async.settings.maxResultBytes() * 9 / 10); // fits raw, not once in Base64
        async.gateway.ready(REVISION, (self, request) -> request.response()
                .putHeader("content-type", "application/octet-stream").end(Buffer.buffer(new byte[bytes])));
        async.startWorker();

        JsonNode record = finished(async.submit("/fn/orders", Map.of(), "{}"));

        assertThat(record.path("status").asText()).isEqualTo("failed");
        assertThat(record.path("response").path("status").asInt()).isEqualTo(502);
        assertThat(record.path("error").asText()).startsWith(HttpForwarder.RESULT_TOO_LARGE);
    }

    @Test
    void anAnswerWithinTheLimitIsKeptWhole() throws Exception {
        String body = "y".repeat((int) (async.settings.maxResultBytes() / 2));
        async.gateway.ready(REVISION, (self, request) -> request.response().putHeader("content-type", "text/plain")
                .end(body));
        async.startWorker();

        JsonNode record = finished(async.submit("/fn/orders", Map.of(), "{}"));

        assertThat(record.path("status").asText()).isEqualTo("succeeded");
        assertThat(record.path("response").path("body").asText()).isEqualTo(body);
    }

    private JsonNode finished(JsonNode accepted) throws InterruptedException {
        return async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("succeeded") || r.path("status").asText().equals("failed"));
    }
}
