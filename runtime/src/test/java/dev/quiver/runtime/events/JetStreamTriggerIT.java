package dev.quiver.runtime.events;

import static dev.quiver.api.testing.FunctionFixture.function;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.standin.testing.NatsServerProcess;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JetStream triggers against a real nats-server -js and a real loopback HTTP function. */
class JetStreamTriggerIT {

    private NatsServerProcess server;
    private Vertx vertx;
    private NatsClient publisher;

    @BeforeEach
    void start() {
        server = NatsServerProcess.start();
        vertx = Vertx.vertx();
        publisher = NatsClient.connect(server.url(), "test-publisher");
        TriggerHarness.await("the publisher to connect", publisher::connected, () -> "disconnected");
    }

    @AfterEach
    void stop() {
        publisher.close();
        vertx.close();
        server.close();
    }

    @Test
    void aThousandMessagesWithTenPercentFirstAttemptFailuresAreAllProcessed() throws Exception {
        // Every tenth message fails its first delivery; the retry must bring it through.
        try (EventFunction fn = EventFunction.start(event -> failsFirstAttemptOfEveryTenth(event) ? 503 : 200);
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("orders").jetstream("ORDERS", "orders.>", 5, "30s", "100ms").build())
                        .awaitActive("orders")) {
            int messages = 1000;
            publishAll("orders.new", messages);

            TriggerHarness.await("every message to succeed", () -> fn.succeeded.size() == messages,
                    () -> fn.succeeded.size() + " succeeded; " + runtime.manager.statuses("default", "orders"));
            Set<String> expected = new HashSet<>();
            for (int seq = 1; seq <= messages; seq++) {
                expected.add("ORDERS-" + seq);
            }
            assertThat(fn.succeeded).isEqualTo(expected);
            // Every failed first attempt came back; a loopback connection reset may add a few more retries.
            Set<String> retried = new HashSet<>();
            fn.received.stream().filter(e -> e.attempt() == 2).forEach(e -> retried.add(e.id()));
            for (int seq = 10; seq <= messages; seq += 10) {
                assertThat(retried).as("failed first attempts were retried").contains("ORDERS-" + seq);
            }
            TriggerHarness.await("the consumer to show no backlog",
                    () -> status(runtime, "orders").pending() == 0 && status(runtime, "orders").ackPending() == 0,
                    () -> status(runtime, "orders"));
            assertThat(status(runtime, "orders").deadLettered()).isZero();
            assertThat(status(runtime, "orders").redelivered()).isGreaterThanOrEqualTo(messages / 10);
            // Each event counts once for the revision that handled it, when it ends (a retried one too).
            TriggerHarness.await("every event to be counted for its revision", () -> runtime.rolloutCounters
                    .of("default", "orders").get("fn-00001").events >= messages, () -> runtime.rolloutCounters.snapshot());
            var counts = runtime.rolloutCounters.of("default", "orders").get("fn-00001");
            assertThat(counts.events).isEqualTo(messages);
            assertThat(counts.deadLetters).isZero();
        }
    }

    @Test
    void aMessageThatAlwaysFailsIsDeadLetteredWithTheReasonAfterMaxDeliver() throws Exception {
        try (EventFunction fn = EventFunction.start(event -> 500);
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("payments").jetstream("PAYMENTS", "payments", 3, "30s", "50ms").build())
                        .awaitActive("payments")) {
            Subscription dlq = publisher.connection().subscribe("quiver.dlq.default.payments");
            publisher.connection().flush(Duration.ofSeconds(5));
            publisher.connection().jetStream().publish("payments", "{\"amount\":5}".getBytes(StandardCharsets.UTF_8));

            Message letter = dlq.nextMessage(Duration.ofSeconds(30));
            assertThat(letter).as("a dead letter").isNotNull();
            Headers headers = letter.getHeaders();
            assertThat(headers.getFirst("Quiver-Function")).isEqualTo("default/payments");
            assertThat(headers.getFirst("Quiver-Revision")).isEqualTo("fn-00001");
            assertThat(headers.getFirst("Quiver-Attempts")).isEqualTo("3");
            assertThat(headers.getFirst("Quiver-Last-Status")).isEqualTo("500");
            assertThat(headers.getFirst("Quiver-Error")).contains("500");
            assertThat(headers.getFirst("Quiver-Original-Subject")).isEqualTo("payments");
            assertThat(headers.getFirst("Quiver-Stream")).isEqualTo("PAYMENTS");
            assertThat(headers.getFirst("Quiver-Stream-Sequence")).isEqualTo("1");
            assertThat(new String(letter.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\":5}");
            assertThat(fn.deliveries("PAYMENTS-1")).isEqualTo(3);
            // Acked after the dead letter: the function is not called again.
            TriggerHarness.await("the original to be acked", () -> status(runtime, "payments").ackPending() == 0,
                    () -> status(runtime, "payments"));
            Thread.sleep(500);
            assertThat(fn.deliveries("PAYMENTS-1")).isEqualTo(3);
            assertThat(status(runtime, "payments").deadLettered()).isEqualTo(1);
            var counts = runtime.rolloutCounters.of("default", "payments").get("fn-00001");
            assertThat(counts.events).as("a dead-lettered event counts for the revision that failed it").isEqualTo(1);
            assertThat(counts.deadLetters).isEqualTo(1);
            assertThat(publisher.connection().jetStreamManagement().getStreamInfo("QUIVER_DLQ")
                    .getStreamState().getMsgCount()).as("the dead letter is kept in a stream").isEqualTo(1);
        }
    }

    @Test
    void aDeadLetterSubjectWithOnlyACoreSubscriberAndNoStreamGetsExactlyOneDeadLetterAndTheMessageNeverLoops()
            throws Exception {
        try (EventFunction fn = EventFunction.start(event -> 500);
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("refunds").jetstream("REFUNDS", "refunds", 2, "1s", "50ms")
                                .deadLetterSubject("refunds-dead").build())
                        .awaitActive("refunds")) {
            Subscription dlq = publisher.connection().subscribe("refunds-dead");
            publisher.connection().flush(Duration.ofSeconds(5));
            publisher.connection().jetStream().publish("refunds", "{\"amount\":5}".getBytes(StandardCharsets.UTF_8));

            Message letter = dlq.nextMessage(Duration.ofSeconds(30));
            assertThat(letter).as("a dead letter").isNotNull();
            assertThat(letter.getHeaders().getFirst("Quiver-Attempts")).isEqualTo("2");
            TriggerHarness.await("the original to be settled after its dead letter",
                    () -> status(runtime, "refunds").deadLettered() == 1 && status(runtime, "refunds").pending() == 0
                            && status(runtime, "refunds").ackPending() == 0,
                    () -> status(runtime, "refunds"));
            // Four redelivery windows (ack wait 1s, backoff 50ms): a looping message would be called and
            // dead-lettered again in each.
            Thread.sleep(4_000);
            assertThat(dlq.nextMessage(Duration.ofMillis(200))).as("only one dead letter").isNull();
            assertThat(fn.deliveries("REFUNDS-1")).isEqualTo(2);
            assertThat(status(runtime, "refunds").deadLettered()).isEqualTo(1);
        }
    }

    @Test
    void aMessageDeliveredPastMaxDeliverIsDeadLetteredWithoutCallingTheFunctionAgain() throws Exception {
        try (EventFunction fn = EventFunction.echo()) {
            // The first runtime makes the consumer and goes away; the test itself then takes delivery 1 of the
            // message and never settles it, as a runtime that stopped during the last attempt would.
            new TriggerHarness(vertx, server.url(), fn.port())
                    .sync(function("audit").jetstream("AUDIT", "audit", 1, "1s", "50ms").build())
                    .awaitActive("audit").close();
            JetStream js = publisher.connection().jetStream();
            js.publish("audit", "{\"entry\":1}".getBytes(StandardCharsets.UTF_8));
            Message unsettled = publisher.connection().getConsumerContext("AUDIT", "quiver-default-audit-0")
                    .next(Duration.ofSeconds(10));
            assertThat(unsettled.metaData().deliveredCount()).isEqualTo(1);
            Subscription dlq = publisher.connection().subscribe("quiver.dlq.default.audit");
            publisher.connection().flush(Duration.ofSeconds(5));

            try (TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                    .sync(function("audit").jetstream("AUDIT", "audit", 1, "1s", "50ms").build())) {
                Message letter = dlq.nextMessage(Duration.ofSeconds(30));
                assertThat(letter).as("a dead letter").isNotNull();
                assertThat(letter.getHeaders().getFirst("Quiver-Attempts")).isEqualTo("2");
                assertThat(letter.getHeaders().getFirst("Quiver-Last-Status")).isEqualTo("0");
                assertThat(letter.getHeaders().getFirst("Quiver-Error")).contains("gave up after 1 attempts");
                assertThat(fn.received).isEmpty();
                assertThat(publisher.connection().jetStreamManagement().getConsumerInfo("AUDIT",
                        "quiver-default-audit-0").getConsumerConfiguration().getMaxDeliver())
                        .as("the server stops redelivering too").isEqualTo(1 + JetStreamSetup.DEAD_LETTER_DELIVERIES);
            }
        }
    }

    @Test
    void aPayloadTheFunctionRejectsGoesToTheDeadLetterSubjectAtOnceWithoutLooping() throws Exception {
        // The function answers 400 to a body that is not JSON: the event is bad, retrying cannot help.
        try (EventFunction fn = EventFunction.start(event -> event.body().startsWith("{") ? 200 : 400);
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("parser").jetstream("PARSE", "parse", 5, "30s", "50ms").build())
                        .awaitActive("parser")) {
            Subscription dlq = publisher.connection().subscribe("quiver.dlq.default.parser");
            publisher.connection().flush(Duration.ofSeconds(5));
            JetStream js = publisher.connection().jetStream();
            js.publish("parse", "not json".getBytes(StandardCharsets.UTF_8));
            js.publish("parse", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));

            Message letter = dlq.nextMessage(Duration.ofSeconds(30));
            assertThat(letter.getHeaders().getFirst("Quiver-Attempts")).isEqualTo("1");
            assertThat(letter.getHeaders().getFirst("Quiver-Last-Status")).isEqualTo("400");
            TriggerHarness.await("the good message", () -> fn.succeeded.contains("PARSE-2"), () -> fn.received);
            Thread.sleep(500);
            assertThat(fn.deliveries("PARSE-1")).isEqualTo(1);
            assertThat(dlq.nextMessage(Duration.ofMillis(200))).as("only one dead letter").isNull();
        }
    }

    @Test
    void aMalformedCloudEventIsDeadLetteredWithoutCallingTheFunction() throws Exception {
        try (EventFunction fn = EventFunction.echo();
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("events").jetstream("EVENTS", "events", 5, "30s", "50ms").build())
                        .awaitActive("events")) {
            Subscription dlq = publisher.connection().subscribe("quiver.dlq.default.events");
            publisher.connection().flush(Duration.ofSeconds(5));
            Headers headers = new Headers().put("ce-specversion", "1.0").put("ce-id", "x").put("ce-source", "/s")
                    .put("ce-type", "t").put("ce-time", "yesterday");
            publisher.connection().jetStream().publish("events", headers, "{}".getBytes(StandardCharsets.UTF_8));

            Message letter = dlq.nextMessage(Duration.ofSeconds(30));
            assertThat(letter.getHeaders().getFirst("Quiver-Error")).contains("ce-time 'yesterday'");
            assertThat(letter.getHeaders().getFirst("Quiver-Attempts")).isEqualTo("1");
            assertThat(fn.received).isEmpty();
        }
    }

    @Test
    void aSlowCallKeepsItsMessageByExtendingTheAckWait() throws Exception {
        // The call takes three ack waits; without inProgress() the server would redeliver it meanwhile.
        try (EventFunction fn = EventFunction.start(event -> {
                    Thread.sleep(6_000);
                    return 200;
                });
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("slow").jetstream("SLOW", "slow", 5, "2s", "50ms").build())
                        .awaitActive("slow")) {
            publisher.connection().jetStream().publish("slow", "{}".getBytes(StandardCharsets.UTF_8));

            TriggerHarness.await("the slow call to succeed", () -> fn.succeeded.contains("SLOW-1"), () -> fn.received);
            Thread.sleep(2_500);
            assertThat(fn.deliveries("SLOW-1")).isEqualTo(1);
            assertThat(status(runtime, "slow").redelivered()).isZero();
        }
    }

    @Test
    void aCrashedFunctionAndARestartedRuntimeLoseNoMessage() throws Exception {
        try (EventFunction fn = EventFunction.echo()) {
            TriggerHarness first = new TriggerHarness(vertx, server.url(), fn.port())
                    .sync(function("ledger").jetstream("LEDGER", "ledger", 100, "2s", "100ms").build())
                    .awaitActive("ledger");
            publishAll("ledger", 200);
            TriggerHarness.await("some messages processed", () -> fn.succeeded.size() >= 20, fn.succeeded::size);
            fn.crash();
            publishAll("ledger", 200);
            Thread.sleep(300);
            // The runtime goes away with calls failing and messages unacknowledged.
            first.close();
            fn.restart();
            try (TriggerHarness second = new TriggerHarness(vertx, server.url(), fn.port())
                    .sync(function("ledger").jetstream("LEDGER", "ledger", 100, "2s", "100ms").build())) {
                TriggerHarness.await("all 400 messages processed", () -> fn.succeeded.size() == 400,
                        () -> fn.succeeded.size() + "; " + second.manager.statuses("default", "ledger"));
                assertThat(status(second, "ledger").deadLettered()).isZero();
            }
        }
    }

    @Test
    void triggersResumeAfterNatsServerRestarts() throws Exception {
        try (EventFunction fn = EventFunction.echo();
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("resume").jetstream("RESUME", "resume", 5, "5s", "100ms").build())
                        .awaitActive("resume")) {
            publishAll("resume", 100);
            TriggerHarness.await("the first 100", () -> fn.succeeded.size() == 100, fn.succeeded::size);

            server.restart();
            TriggerHarness.await("the runtime to reconnect", runtime.nats::connected, () -> "disconnected");
            TriggerHarness.await("the publisher to reconnect", publisher::connected, () -> "disconnected");
            publishAll("resume", 100);

            TriggerHarness.await("the next 100 after the restart", () -> fn.succeeded.size() == 200,
                    () -> fn.succeeded.size() + "; " + runtime.manager.statuses("default", "resume"));
            runtime.awaitActive("resume");
        }
    }

    @Test
    void theBacklogCountsMessagesWaitingBehindTheOnesBeingInvoked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (EventFunction fn = EventFunction.start(event -> {
                    release.await();
                    return 200;
                });
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                        .sync(function("lagging").jetstream("LAG", "lag", 5, "30s", "1s").maxAckPending(5).build())
                        .awaitActive("lagging")) {
            publishAll("lag", 25);

            // Five are with the function (the gateway counts those); twenty wait.
            TriggerHarness.await("a backlog of 20", () -> runtime.manager.backlog("default", "lagging") == 20,
                    () -> runtime.manager.backlog("default", "lagging") + "; " + status(runtime, "lagging"));
            assertThat(fn.inFlight.get()).isEqualTo(5);
            assertThat(runtime.manager.backlog("default", "other")).isZero();
            release.countDown();
            TriggerHarness.await("the backlog to drain", () -> fn.succeeded.size() == 25
                    && runtime.manager.backlog("default", "lagging") == 0,
                    () -> runtime.manager.backlog("default", "lagging"));
        }
    }

    private void publishAll(String subject, int count) throws Exception {
        JetStream js = publisher.connection().jetStream();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acks.add(js.publishAsync(subject, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        for (var ack : acks) {
            ack.get();
        }
    }

    private static boolean failsFirstAttemptOfEveryTenth(EventFunction.Event event) {
        long sequence = Long.parseLong(event.id().substring(event.id().indexOf('-') + 1));
        return sequence % 10 == 0 && event.attempt() == 1;
    }

    private static TriggerStatus status(TriggerHarness runtime, String function) {
        return runtime.manager.statuses("default", function).get(0);
    }
}
