package dev.quiver.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.gateway.Routes;
import dev.quiver.runtime.gateway.GatewayConfig;
import io.nats.client.api.StreamInfo;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous request that cannot fit a NATS message is refused with a JSON 413 naming the limit before
 * anything is stored: no record, no message, no client library text; one whose body trickles in gets 408.
 */
class AsyncBodyLimitTest {

    private AsyncHarness async;

    @BeforeEach
    void start() throws Exception {
        async = new AsyncHarness(AsyncSettings.defaults(),
                GatewayConfig.defaults().withBodyReadTimeout(Duration.ofMillis(300)));
        async.gateway.catalog.with(Routes.function("orders").split("orders-00001", 100));
    }

    @AfterEach
    void stop() throws Exception {
        async.close();
    }

    @Test
    void aBodyOverThreeQuartersOfAMebibyteIs413BeforeAnythingIsStored() throws Exception {
        HttpResponse<String> response = submit(800 * 1024);

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode body = AsyncHarness.json(response.body());
        assertThat(body.path("error").asText()).isEqualTo("PayloadTooLarge");
        assertThat(body.path("message").asText()).contains(Long.toString(limit()))
                .doesNotContainIgnoringCase("payload violation");
        assertNothingStored();
    }

    @Test
    void aBodyThatFitsOnlyWithoutItsHeadersIsRefusedWhenWrittenOutAndLeavesNoRecord() throws Exception {
        long body = AsyncFrontDoor.maxBodyBytes(limit()) - 16; // under the streamed bound; over with the rest

        HttpResponse<String> response = submit((int) body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(AsyncHarness.json(response.body()).path("error").asText()).isEqualTo("PayloadTooLarge");
        assertNothingStored();
    }

    @Test
    void aBodyWithinTheLimitIsAccepted() throws Exception {
        HttpResponse<String> response = submit(700 * 1024);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(records()).hasSize(1);
    }

    @Test
    void aBodyThatTricklesInIs408AtTheDeadlineWithNothingStored() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", async.gateway.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /fn/orders HTTP/1.1\r\nHost: localhost\r\nPrefer: respond-async\r\n"
                    + "Content-Length: 100\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(reply).startsWith("HTTP/1.1 408").contains("\"error\":\"RequestTimeout\"");
        }
        assertNothingStored();
    }

    private long limit() {
        return new InvocationStore(async.connection(), async.settings).maxStoredBytes();
    }

    private HttpResponse<String> submit(int bytes) {
        return async.gateway.send("POST", "/fn/orders", Map.of("Prefer", "respond-async",
                "Content-Type", "application/octet-stream"), "a".repeat(bytes));
    }

    private void assertNothingStored() throws Exception {
        assertThat(records()).as("status records").isEmpty();
        StreamInfo stream = async.connection().jetStreamManagement().getStreamInfo(InvocationStore.STREAM);
        assertThat(stream.getStreamState().getMsgCount()).as("stored requests").isZero();
    }

    private List<String> records() throws Exception {
        return async.connection().keyValue(InvocationStore.BUCKET).keys();
    }
}
