package dev.quiver.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.Triggers;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events as a user sees them, written once and run on each platform: a JetStream trigger loses nothing, also when
 * its function's replicas are killed mid-stream, the link checker's results reach the link manager over NATS, a
 * Job-mode function runs one job per event with its cap held, and a traced message's call joins its publisher's
 * trace. The subclass starts the platform once for the class (on the cluster with two gateway replicas).
 */
abstract class EventScenarios extends PlatformScenarios {

    /** How long the events of a scenario may take to be handled. */
    static final Duration EVENTS_LIMIT = Duration.ofMinutes(3);
    /** A URL that refuses connections at once, so a link check is quick and never leaves the machine. */
    static final String DEAD_LINK = "http://127.0.0.1:1/gone";

    private Connection nats;

    @BeforeAll
    void connectToNats() throws IOException, InterruptedException {
        nats = Nats.connect(natsServer.url());
    }

    @AfterAll
    void closeNatsConnection() throws InterruptedException {
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    @Order(1)
    void aJetStreamTriggerHandlesEveryOneOfTwoHundredMessages() throws Exception {
        Set<String> checked = ConcurrentHashMap.newKeySet();
        Dispatcher results = nats.createDispatcher(message -> checked.add(
                json(new String(message.getData(), StandardCharsets.UTF_8)).path("Username").asText()));
        results.subscribe("link-results");
        try {
            platform.deploy(FunctionFolder.copyOf("link-checker"));
            awaitConsumer("LINKS");

            JetStream jetStream = nats.jetStream();
            for (int i = 0; i < 200; i++) {
                jetStream.publish("link-events",
                        ("{\"Username\":\"user-" + i + "\",\"Url\":\"" + DEAD_LINK + "\"}").getBytes(StandardCharsets.UTF_8));
            }

            await("200 link results").atMost(EVENTS_LIMIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> checked.size() >= 200);
            assertThat(checked).hasSize(200);
        } finally {
            nats.closeDispatcher(results);
        }
    }

    @Test
    @Order(2)
    void killingTheFunctionsReplicasWhileEventsFlowLosesNoEvent() throws Exception {
        Set<String> checked = ConcurrentHashMap.newKeySet();
        Dispatcher results = nats.createDispatcher(message -> checked.add(
                json(new String(message.getData(), StandardCharsets.UTF_8)).path("Username").asText()));
        results.subscribe("link-results");
        Thread publisher = new Thread(() -> publishSteadily("killed-", 200));
        try {
            publisher.start();
            await("the first results").atMost(EVENTS_LIMIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> checked.size() >= 40);
            assertThat(platform.killReplicas("link-checker")).as("replicas killed").isPositive();
            publisher.join(EVENTS_LIMIT.toMillis());

            await("200 link results after the kill").atMost(EVENTS_LIMIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> checked.stream().filter(name -> name.startsWith("killed-")).count() >= 200);
        } finally {
            publisher.interrupt();
            nats.closeDispatcher(results);
        }
    }

    /** Publishes link checks at about 100 a second, each with its user name as Nats-Msg-Id. */
    private void publishSteadily(String prefix, int count) {
        try {
            JetStream jetStream = nats.jetStream();
            for (int i = 0; i < count; i++) {
                jetStream.publish("link-events", new Headers().put("Nats-Msg-Id", prefix + i),
                        ("{\"Username\":\"" + prefix + i + "\",\"Url\":\"" + DEAD_LINK + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
                Thread.sleep(10);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void theLinkCheckersResultReachesTheLinkManagerOverNats() {
        platform.deploy(FunctionFolder.copyOf("link-checker").env("SCENARIO", "chain"));
        platform.deploy(FunctionFolder.copyOf("link-manager"));
        String url = platform.gateway().resolve("/fn/hello").toString();

        // The manager's subscription may be bound a moment after it is ready: check again until it has the result.
        await("gigi's link in the link manager").atMost(EVENTS_LIMIT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    HttpResponse<String> check = gateway.post("/fn/link-checker",
                            "{\"Username\":\"gigi\",\"Url\":\"" + url + "\"}");
                    assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
                    String status = json(check.body()).path("Status").asText();
                    HttpResponse<String> view = gateway.get("/fn/link-manager?username=gigi");
                    assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
                    assertThat(view.body()).contains(url).contains(status);
                });
    }

    @Test
    @Order(4)
    void aJobModeFunctionRunsOneJobPerEventWithItsCapHeld() throws Exception {
        platform.deploy(FunctionFolder.copyOf("word-count"));
        awaitConsumer("TEXTS");
        int cap = FunctionFolder.copyOf("word-count").function().getSpec().template.scale.max;
        int before = platform.succeededJobs("word-count").size();
        AtomicInteger most = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> most.accumulateAndGet(platform.runningJobs("word-count"), Math::max),
                0, 100, TimeUnit.MILLISECONDS);
        try {
            JetStream jetStream = nats.jetStream();
            int events = 10;
            for (int i = 0; i < events; i++) {
                jetStream.publish("texts.count", ("{\"text\":\"event " + i + " of the acceptance run\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }

            await(events + " jobs succeeded").atMost(EVENTS_LIMIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> platform.succeededJobs("word-count").size() >= before + events);
            assertThat(platform.succeededJobs("word-count")).hasSize(before + events).doesNotHaveDuplicates();
            assertThat(most.get()).as("job processes running at once").isBetween(1, cap);
        } finally {
            sampler.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void aNatsTriggeredCallIsOneTraceFromPublisherToFunction() throws Exception {
        String subject = "default.traced-greetings";
        platform.deploy(FunctionFolder.copyOf("greeter").renamed("nats-greeter").edit(function -> {
            NatsTrigger trigger = new NatsTrigger();
            trigger.subject = subject;
            Triggers triggers = function.getSpec().triggersOrDefault();
            triggers.nats.add(trigger);
            function.getSpec().triggers = triggers;
        }));
        String traceId = TraceReceiver.newTraceId();
        String publisherSpan = TraceReceiver.newSpanId();
        Headers headers = new Headers().put("traceparent", TraceReceiver.traceparent(traceId, publisherSpan));

        // request/reply: the reply says the function ran; until the trigger is bound nobody answers, so ask again
        await("an answer from nats-greeter over " + subject).atMost(EVENTS_LIMIT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> {
                    Message reply = nats.request(NatsMessage.builder().subject(subject).headers(headers)
                            .data("{\"name\":\"Ada\"}", StandardCharsets.UTF_8).build(), Duration.ofSeconds(10));
                    assertThat(reply).as("a reply").isNotNull();
                    assertThat(reply.getHeaders().getFirst("Quiver-Status")).isEqualTo("200");
                    assertThat(reply.getHeaders().getFirst("traceparent")).contains(traceId);
                });
        await("the runtime's consumer span and the function's span in trace " + traceId).atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> traces.assertJoined(traceId, publisherSpan, TraceReceiver.Span.CONSUMER,
                        "nats-greeter"));
    }

    /** Waits until the platform has bound a consumer to the stream its trigger names. */
    private void awaitConsumer(String stream) {
        await("a consumer on " + stream).atMost(EVENTS_LIMIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                StreamInfo info = nats.jetStreamManagement().getStreamInfo(stream);
                return info.getStreamState().getConsumerCount() > 0;
            } catch (JetStreamApiException notYet) {
                return false;
            }
        });
    }

    private static JsonNode json(String text) {
        try {
            return ApiJson.json().readTree(text);
        } catch (IOException e) {
            return ApiJson.json().createObjectNode();
        }
    }
}
