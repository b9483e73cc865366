package dev.quiver.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.gateway.Routes;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each function's asynchronous work has its own consumer and in-flight limit: a function whose every slot is
 * taken by calls that do not end does not hold up another function's invocations, and a function's consumer goes
 * away once it has no requests left.
 */
class AsyncFairnessTest {

    private static final int CONCURRENCY = 2;

    private AsyncHarness async;
    private final List<HttpServerRequest> parked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        async = new AsyncHarness(new AsyncSettings(3, Duration.ofMillis(50), Duration.ofMillis(200), CONCURRENCY,
                Duration.ofHours(1), 1, Duration.ofSeconds(30), AsyncSettings.defaults().maxRequestBytes()));
        async.consumerIdle = Duration.ZERO;
        async.gateway.catalog.with(Routes.function("slow").split("slow-00001", 100))
                .with(Routes.function("quick").split("quick-00001", 100));
        async.gateway.ready("slow-00001", (self, request) -> parked.add(request));
        async.gateway.ready("quick-00001", (self, request) -> request.response().end("quick"));
    }

    @AfterEach
    void stop() throws Exception {
        async.close();
    }

    @Test
    void aFunctionWhoseSlotsAreAllTakenDoesNotHoldUpAnotherFunctionsInvocations() throws Exception {
        async.startWorker();
        List<String> slow = new ArrayList<>();
        for (int i = 0; i <= CONCURRENCY; i++) {
            slow.add(async.submit("/fn/slow", Map.of(), "{\"n\":" + i + "}").path("location").asText());
        }
        await("every slot of slow to be taken", () -> parked.size() == CONCURRENCY);

        JsonNode quick = async.awaitRecord(async.submit("/fn/quick", Map.of(), "{}").path("location").asText(),
                r -> r.path("status").asText().equals("succeeded"));

        assertThat(quick.path("response").path("body").asText()).isEqualTo("quick");
        assertThat(parked).as("slow's calls still hang").hasSize(CONCURRENCY);
        List<String> states = new ArrayList<>();
        for (String location : slow) {
            states.add(async.awaitRecord(location, r -> true).path("status").asText());
        }
        assertThat(states).as("slow's invocations are all still pending").containsOnly("running", "queued")
                .contains("queued");

        parked.forEach(request -> request.response().end("slow"));
        await("the next slow call", () -> parked.size() == CONCURRENCY + 1);
        parked.get(CONCURRENCY).response().end("slow");
        for (String location : slow) {
            assertThat(async.awaitRecord(location, r -> r.path("status").asText().equals("succeeded"))
                    .path("response").path("body").asText()).isEqualTo("slow");
        }
    }

    @Test
    void aFunctionsConsumerGoesOnceItHasNoRequestsLeft() throws Exception {
        async.startWorker();
        String location = async.submit("/fn/quick", Map.of(), "{}").path("location").asText();
        async.awaitRecord(location, r -> r.path("status").asText().equals("succeeded"));

        await("quick's consumer to be deleted", () -> !consumers().contains(FunctionConsumers.durable("quick")));

        assertThat(async.worker().consumedFunctions()).doesNotContain("quick");
        // and a later request makes it again
        String again = async.submit("/fn/quick", Map.of(), "{}").path("location").asText();
        assertThat(async.awaitRecord(again, r -> r.path("status").asText().equals("succeeded"))
                .path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void theSharedConsumerOfEarlierVersionsIsRemovedSoThatFunctionsCanHaveTheirOwn() throws Exception {
        async.connection().jetStreamManagement().addOrUpdateConsumer(InvocationStore.STREAM,
                ConsumerConfiguration.builder().durable(FunctionConsumers.LEGACY_DURABLE)
                        .filterSubject(InvocationStore.SUBJECTS)
                        .ackPolicy(AckPolicy.Explicit).build());
        async.startWorker();

        String location = async.submit("/fn/quick", Map.of(), "{}").path("location").asText();

        assertThat(async.awaitRecord(location, r -> r.path("status").asText().equals("succeeded"))
                .path("response").path("body").asText()).isEqualTo("quick");
        assertThat(consumers()).doesNotContain(FunctionConsumers.LEGACY_DURABLE);
    }

    @Test
    void aSharedConsumerMadeAgainByAnOlderRuntimeDuringAnUpgradeIsRemovedToo() throws Exception {
        async.startWorker();
        String first = async.submit("/fn/quick", Map.of(), "{}").path("location").asText();
        async.awaitRecord(first, r -> r.path("status").asText().equals("succeeded"));
        await("quick's consumer to be deleted", () -> !consumers().contains(FunctionConsumers.durable("quick")));
        async.connection().jetStreamManagement().addOrUpdateConsumer(InvocationStore.STREAM,
                ConsumerConfiguration.builder().durable(FunctionConsumers.LEGACY_DURABLE)
                        .filterSubject(InvocationStore.SUBJECTS)
                        .ackPolicy(AckPolicy.Explicit).build());

        String second = async.submit("/fn/quick", Map.of(), "{}").path("location").asText();

        assertThat(async.awaitRecord(second, r -> r.path("status").asText().equals("succeeded"))
                .path("response").path("body").asText()).isEqualTo("quick");
        assertThat(consumers()).doesNotContain(FunctionConsumers.LEGACY_DURABLE);
    }

    private List<String> consumers() {
        try {
            return async.connection().jetStreamManagement().getConsumerNames(InvocationStore.STREAM);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds; fails after 60 s (nothing here measures time). */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
