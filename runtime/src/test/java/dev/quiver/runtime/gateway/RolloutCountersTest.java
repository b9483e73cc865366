package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.RevisionCounts;
import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.platform.RevisionRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-revision running totals a rollout is judged on. */
class RolloutCountersTest {

    private static final RevisionRef NEW = new RevisionRef("team", "hello", "hello-00002");
    private static final RevisionRef STABLE = new RevisionRef("team", "hello", "hello-00001");
    private static final long MS = 1_000_000;

    private final RolloutCounters counters = new RolloutCounters();

    @Test
    void aServerErrorCountsAsAnErrorAndAGatewayTimeoutOnlyAsATimeout() {
        counters.request(NEW, 200, MS);
        counters.request(NEW, 404, MS);
        counters.request(NEW, 500, MS);
        counters.request(NEW, 503, MS);
        counters.request(NEW, 504, MS);

        RevisionCounts counts = counters.snapshot().get(NEW);

        assertThat(counts.requests).isEqualTo(5);
        assertThat(counts.errors).isEqualTo(2);
        assertThat(counts.timeouts).isEqualTo(1);
    }

    @Test
    void eachRequestLandsInTheLatencyBucketOfItsDuration() {
        counters.request(NEW, 200, MS);
        counters.request(NEW, 200, 200 * MS);
        counters.request(NEW, 200, 200 * MS);

        long[] buckets = counters.snapshot().get(NEW).buckets();

        assertThat(buckets[0]).isEqualTo(1);
        assertThat(buckets[LatencyBuckets.index(200 * MS)]).isEqualTo(2);
        assertThat(Arrays.stream(buckets).sum()).isEqualTo(3);
    }

    @Test
    void eventsCountWithTheirDeadLettersApart() {
        counters.event(NEW, false);
        counters.event(NEW, false);
        counters.event(NEW, true);

        RevisionCounts counts = counters.snapshot().get(NEW);

        assertThat(counts.events).isEqualTo(3);
        assertThat(counts.deadLetters).isEqualTo(1);
        assertThat(counts.requests).isZero();
    }

    @Test
    void ofGivesOneFunctionsRevisionsByNameAndNoOther() {
        counters.request(NEW, 200, MS);
        counters.request(STABLE, 200, MS);
        counters.request(new RevisionRef("team", "other", "other-00001"), 200, MS);
        counters.request(new RevisionRef("elsewhere", "hello", "hello-00002"), 500, MS);

        Map<String, RevisionCounts> hello = counters.of("team", "hello");

        assertThat(hello).containsOnlyKeys("hello-00001", "hello-00002");
        assertThat(hello.get("hello-00002").errors).isZero();
        assertThat(counters.of("nowhere", "hello")).isEmpty();
    }

    @Test
    void theGatewayCountsUsersRequestsButNotItsOwnInternalCalls() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start();
             GatewayInvoker invoker = new GatewayInvoker(harness.vertx, "127.0.0.1", harness.port())) {
            harness.catalog.with(Routes.function("payments").split("payments-00001", 100));
            harness.ready("payments-00001", (self, request) -> request.response().setStatusCode(500).end("no"));

            harness.send("POST", "/fn/payments", Map.of(), "{}");
            invoker.invoke(new Invocation("default", "payments", "event-1", "nats://pay", "dev.quiver.nats.message",
                    "pay", Instant.now(), "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of(),
                    Duration.ofSeconds(30))).toCompletableFuture().get(60, TimeUnit.SECONDS);

            RevisionCounts counts = harness.gateway.rolloutCounters().of("default", "payments").get("payments-00001");
            assertThat(counts.requests).isEqualTo(1);
            assertThat(counts.errors).isEqualTo(1);
        }
    }
}
