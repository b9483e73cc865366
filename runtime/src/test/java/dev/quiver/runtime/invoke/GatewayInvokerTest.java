package dev.quiver.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.gateway.GatewayHarness;
import dev.quiver.runtime.gateway.Routes;
import dev.quiver.runtime.async.Flood;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events through the real gateway: a function's answer is read only up to what a reply can carry. */
class GatewayInvokerTest {

    private static final String REVISION = "payments-00001";

    private GatewayHarness gateway;
    private GatewayInvoker invoker;

    @BeforeEach
    void start() throws Exception {
        gateway = GatewayHarness.start();
        gateway.catalog.with(Routes.function("payments").split(REVISION, 100));
        invoker = new GatewayInvoker(gateway.vertx, "127.0.0.1", gateway.port());
    }

    @AfterEach
    void stop() throws Exception {
        invoker.close();
        gateway.close();
    }

    @Test
    void anAnswerLongerThanAReplyCarriesIsCutOffAsA502ResultTooLarge() throws Exception {
        Flood flood = new Flood(64L * 1024 * 1024);
        gateway.ready(REVISION, (self, request) -> flood.pour(request.response(), 200, "text/plain"));

        InvocationResult result = invoke();

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.error()).startsWith(InvocationResult.RESULT_TOO_LARGE);
        assertThat(result.revision()).isEqualTo(REVISION);
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).contains("\"error\":\"ResultTooLarge\"");
        assertThat(flood.finished).isFalse();
    }

    @Test
    void anAnswerWithinTheLimitIsReadWhole() throws Exception {
        String answer = "z".repeat(GatewayInvoker.MAX_ANSWER_BYTES);
        gateway.ready(REVISION, (self, request) -> request.response().end(answer));

        InvocationResult result = invoke();

        assertThat(result.succeeded()).isTrue();
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo(answer);
    }

    private InvocationResult invoke() throws Exception {
        return invoker.invoke(new Invocation("default", "payments", "event-1", "nats://pay", "dev.quiver.nats.message",
                "pay", Instant.now(), "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of(),
                Duration.ofSeconds(30))).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
