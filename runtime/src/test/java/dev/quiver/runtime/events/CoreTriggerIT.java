package dev.quiver.runtime.events;

import static dev.quiver.api.testing.FunctionFixture.function;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.standin.testing.NatsServerProcess;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Core NATS triggers against a real nats-server and a real loopback HTTP function. */
class CoreTriggerIT {

    private NatsServerProcess server;
    private Vertx vertx;
    private EventFunction fn;
    private NatsClient publisher;

    @BeforeEach
    void start() throws Exception {
        server = NatsServerProcess.start();
        vertx = Vertx.vertx();
        fn = EventFunction.echo();
        publisher = NatsClient.connect(server.url(), "test-publisher");
        TriggerHarness.await("the publisher to connect", publisher::connected, () -> "disconnected");
    }

    @AfterEach
    void stop() {
        publisher.close();
        fn.close();
        vertx.close();
        server.close();
    }

    @Test
    void eachMessageIsHandledOnceAcrossTwoRuntimesOfTheQueueGroup() throws Exception {
        Function orders = function("orders").nats("orders.created").build();
        try (TriggerHarness one = new TriggerHarness(vertx, server.url(), fn.port()).sync(orders).awaitActive("orders");
                TriggerHarness two = new TriggerHarness(vertx, server.url(), fn.port()).sync(orders).awaitActive("orders")) {
            int messages = 400;
            for (int i = 0; i < messages; i++) {
                publisher.connection().publish("orders.created", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            publisher.connection().flush(Duration.ofSeconds(5));
            TriggerHarness.await("every message to reach the function", () -> fn.received.size() >= messages,
                    () -> fn.received.size());
            Thread.sleep(300); // a duplicate, if any, would arrive right behind
            Set<String> bodies = new HashSet<>();
            fn.received.forEach(event -> bodies.add(event.body()));
            assertThat(fn.received).hasSize(messages);
            assertThat(bodies).hasSize(messages);
            long first = delivered(one);
            long second = delivered(two);
            assertThat(first + second).isEqualTo(messages);
            assertThat(first).as("runtime one got a share").isPositive();
            assertThat(second).as("runtime two got a share").isPositive();
        }
    }

    @Test
    void aMessageWithAReplySubjectGetsTheFunctionsAnswerAsACloudEvent() throws Exception {
        try (TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                .sync(function("greeter").nats("greet.>").build()).awaitActive("greeter")) {
            Message reply = publisher.connection().request("greet.alice",
                    "{\"name\":\"alice\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));

            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"alice\"}");
            assertThat(reply.getHeaders().getFirst("Quiver-Status")).isEqualTo("200");
            EventFunction.Event event = fn.received.get(0);
            assertThat(event.headers()).containsEntry("ce-specversion", "1.0")
                    .containsEntry("ce-source", "nats://greet.alice")
                    .containsEntry("ce-type", "dev.quiver.nats.message")
                    .containsEntry("ce-subject", "greet.alice")
                    .containsKey("ce-time").containsKey("ce-id")
                    .containsEntry("x-quiver-internal", "true");
        }
    }

    @Test
    void aMessageThatIsAlreadyACloudEventKeepsItsAttributes() throws Exception {
        try (TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                .sync(function("audit").nats("audit").build()).awaitActive("audit")) {
            Headers headers = new Headers().put("ce-specversion", "1.0").put("ce-id", "evt-42")
                    .put("ce-source", "/billing").put("ce-type", "com.example.invoice.paid")
                    .put("ce-time", "2026-01-02T03:04:05Z").put("ce-traceparent", "00-abc-def-01");
            Message reply = publisher.connection().request("audit", headers, "{}".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10));

            assertThat(reply.getHeaders().getFirst("Quiver-Status")).as(reply.getHeaders().getFirst("Quiver-Error"))
                    .isEqualTo("200");

            assertThat(fn.received.get(0).headers()).containsEntry("ce-id", "evt-42")
                    .containsEntry("ce-source", "/billing").containsEntry("ce-type", "com.example.invoice.paid")
                    .containsEntry("ce-time", "2026-01-02T03:04:05Z").containsEntry("ce-traceparent", "00-abc-def-01");
        }
    }

    @Test
    void aFailedCallAnswersTheRequesterWithTheStatusAndReason() throws Exception {
        try (EventFunction refusing = EventFunction.start(event -> 422);
                TriggerHarness runtime = new TriggerHarness(vertx, server.url(), refusing.port())
                        .sync(function("strict").nats("strict").build()).awaitActive("strict")) {
            Message reply = publisher.connection().request("strict", "{}".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10));

            assertThat(reply.getHeaders().getFirst("Quiver-Status")).isEqualTo("422");
            assertThat(reply.getHeaders().getFirst("Quiver-Error")).contains("422");
            List<TriggerStatus> statuses = runtime.manager.statuses("default", "strict");
            assertThat(statuses).singleElement().satisfies(s -> {
                assertThat(s.kind()).isEqualTo("nats");
                assertThat(s.queueGroup()).isEqualTo("quiver-default-strict");
                assertThat(s.failed()).isEqualTo(1);
            });
        }
    }

    @Test
    void removingTheTriggerUnsubscribes() throws Exception {
        try (TriggerHarness runtime = new TriggerHarness(vertx, server.url(), fn.port())
                .sync(function("temp").nats("temp").build()).awaitActive("temp")) {
            runtime.sync(function("temp").build());
            assertThat(runtime.manager.statuses("default", "temp")).isEmpty();
            publisher.connection().publish("temp", "{}".getBytes(StandardCharsets.UTF_8));
            publisher.connection().flush(Duration.ofSeconds(5));
            Thread.sleep(300);
            assertThat(fn.received).isEmpty();
        }
    }

    private static long delivered(TriggerHarness runtime) {
        return runtime.manager.statuses("default", "orders").get(0).delivered();
    }
}
