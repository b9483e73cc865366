package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.gateway.Scrape;
import dev.quiver.standin.testing.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runtime with the local platform, a real nats-server and the real {@code hello} sample triggered by NATS and
 * JetStream, end to end: request/reply, the admin API's trigger state, malformed payloads dead-lettered, and a crash
 * of the function processes and of the runtime in the middle of a stream losing no message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventTriggersRuntimeIT {

    private static final Duration FIRST_BUILD = Duration.ofMinutes(6);
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final String DURABLE = "quiver-default-hello-0";
    private static final String YAML = """
            apiVersion: quiver.dev/v1alpha1
            kind: Function
            metadata:
              name: hello
            spec:
              template:
                timeoutSeconds: 30
                scale: {min: 0, max: 2, target: 20, scaleToZeroGracePeriod: 30s}
              triggers:
                nats:
                  - {subject: hello.request}
                jetstream:
                  - {stream: HELLO, subject: hello.events, createStream: true, maxDeliver: 20, ackWait: 3s,
                     backoff: [200ms, 500ms]}
              traffic:
                - {latestRevision: true, percent: 100}
            """;

    private static NatsServerProcess nats;
    private static LocalRuntimeProcess runtime;
    private static Connection client;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServerProcess.start();
        client = Nats.connect(nats.url());
        runtime = LocalRuntimeProcess.start(List.of("hello"), Map.of(
                "quiver.nats.url", nats.url(),
                "quiver.autoscaler.stable-window", "2s",
                "quiver.local.retention", "0s",
                "quiver.local.readiness-deadline", "30s"), Map.of("hello", YAML));
        runtime.await("hello to be Ready", FIRST_BUILD, () -> runtime.admin("/v1/functions/hello"),
                fn -> "True".equals(RuntimeJson.condition(fn, "Ready")));
        awaitTriggersActive();
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (client != null) {
            client.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    @Order(6)
    void readinessIsDownWhileNatsIsStoppedAndUpWhenItIsBack() {
        await().atMost(SETTLE).ignoreExceptions().untilAsserted(() -> assertHealth("/q/health/ready", 200, "UP"));

        nats.stop();
        try {
            await().atMost(SETTLE).ignoreExceptions().untilAsserted(() -> assertHealth("/q/health/ready", 503, "DOWN"));
            assertHealth("/q/health/live", 200, "UP");
        } finally {
            nats.restart();
        }

        await().atMost(SETTLE).ignoreExceptions().untilAsserted(() -> assertHealth("/q/health/ready", 200, "UP"));
    }

    private static void assertHealth(String path, int status, String state) {
        HttpResponse<String> response = runtime.get(path, Map.of());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        assertThat(RuntimeJson.json(response.body()).path("status").asText()).isEqualTo(state);
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    private static void awaitTriggersActive() {
        runtime.await("hello's triggers to be Active", SETTLE, () -> runtime.admin("/v1/functions/hello/triggers"),
                body -> body.path("triggers").size() == 2 && body.path("triggers").findValuesAsText("state").stream()
                        .allMatch("Active"::equals));
    }

    @Test
    @Order(1)
    void theAdminApiDescribesBothTriggers() {
        JsonNode body = runtime.admin("/v1/functions/hello/triggers");

        assertThat(body.path("function").asText()).isEqualTo("hello");
        JsonNode core = body.path("triggers").get(0);
        assertThat(core.path("kind").asText()).isEqualTo("nats");
        assertThat(core.path("subject").asText()).isEqualTo("hello.request");
        assertThat(core.path("queueGroup").asText()).isEqualTo("quiver-default-hello");
        assertThat(core.has("stream")).as("fields of the other kind are left out").isFalse();
        JsonNode js = body.path("triggers").get(1);
        assertThat(js.path("kind").asText()).isEqualTo("jetstream");
        assertThat(js.path("stream").asText()).isEqualTo("HELLO");
        assertThat(js.path("durable").asText()).isEqualTo(DURABLE);
        assertThat(js.has("pending")).isTrue();
        assertThat(js.has("queueGroup")).isFalse();
        assertThat(runtime.adminText("/v1/functions/nope/triggers").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aNatsRequestGetsTheFunctionsAnswer() throws Exception {
        Message reply = client.request("hello.request", "{\"name\":\"nats\"}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));

        assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("Hello, nats!");
        assertThat(reply.getHeaders().getFirst("Quiver-Status")).isEqualTo("200");
    }

    @Test
    @Order(3)
    void aPayloadTheFunctionRejectsIsDeadLetteredOnce() throws Exception {
        var dlq = client.subscribe("quiver.dlq.default.hello");
        client.flush(Duration.ofSeconds(5));
        client.jetStream().publish("hello.events", "{\"delayMs\":-1}".getBytes(StandardCharsets.UTF_8));

        Message letter = dlq.nextMessage(Duration.ofSeconds(60));
        assertThat(letter).as("a dead letter").isNotNull();
        assertThat(letter.getHeaders().getFirst("Quiver-Last-Status")).isEqualTo("400");
        assertThat(letter.getHeaders().getFirst("Quiver-Attempts")).isEqualTo("1");
        assertThat(letter.getHeaders().getFirst("Quiver-Revision")).isEqualTo("hello-00001");
        assertThat(letter.getHeaders().getFirst("Quiver-Error")).contains("delayMs");
        dlq.unsubscribe();
    }

    @Test
    @Order(4)
    void metricsCountTheTriggersAndTheGatewaysRepliesByNamespace() {
        assertThat(runtime.invoke("/fn/hello", Map.of(), "{\"name\":\"metrics\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = runtime.get("/metrics", Map.of());

        assertThat(metrics.statusCode()).isEqualTo(200);
        Scrape scrape = Scrape.of(metrics.body());
        String[] hello = {"namespace", "default", "function", "hello"};
        assertThat(scrape.value("quiver_requests_total", with(hello, "revision", "hello-00001", "code", "200")))
                .hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(2.0)); // the NATS request too
        assertThat(scrape.value("quiver_request_duration_seconds_count", with(hello, "revision", "hello-00001")))
                .hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(2.0));
        assertThat(scrape.value("quiver_trigger_delivered_total", with(hello, "kind", "nats")))
                .hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(1.0));
        assertThat(scrape.value("quiver_trigger_dead_letters_total", with(hello, "kind", "jetstream")))
                .hasValue(1.0);
        assertThat(scrape.value("quiver_trigger_pending", with(hello, "kind", "jetstream"))).isPresent();
        assertThat(scrape.value("quiver_cold_starts_total", with(hello, "revision", "hello-00001"))).isPresent();
        assertThat(scrape.has("jvm_memory_used_bytes")).as("the JVM binder").isTrue();
        assertThat(scrape.samples()).as("no per-URI HTTP server timers")
                .noneMatch(sample -> sample.name().startsWith("http_server_requests"));
    }

    @Test
    @Order(5)
    void killingTheFunctionAndTheRuntimeMidStreamLosesNoMessage() throws Exception {
        long deadLettersBefore = deadLetters();
        int messages = 300;
        JetStream js = client.jetStream();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            acks.add(js.publishAsync("hello.events", ("{\"name\":\"m" + i + "\",\"delayMs\":300}")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        for (CompletableFuture<?> ack : acks) {
            ack.get();
        }
        // Mid-stream: some messages done, some with the function (unacknowledged) when it dies.
        long floor = consumer().getAckFloor().getStreamSequence();
        runtime.await("the stream to be under way", SETTLE, EventTriggersRuntimeIT::consumer,
                info -> info.getAckFloor().getStreamSequence() > floor + 5 && info.getNumAckPending() > 0);
        assertThat(runtime.killFunctions()).as("function processes killed").isPositive();
        Thread.sleep(500);
        runtime.crash();

        runtime.startAgain();
        runtime.await("hello to be Ready again", FIRST_BUILD, () -> runtime.admin("/v1/functions/hello"),
                fn -> "True".equals(RuntimeJson.condition(fn, "Ready")));
        // Nothing lost: every message was acknowledged, which happens only after a 2xx from the function.
        ConsumerInfo done = runtime.await("every message acknowledged", SETTLE, EventTriggersRuntimeIT::consumer,
                info -> info.getNumPending() == 0 && info.getNumAckPending() == 0);
        assertThat(done.getAckFloor().getStreamSequence()).isEqualTo(client.jetStreamManagement()
                .getStreamInfo("HELLO").getStreamState().getLastSequence());
        assertThat(deadLetters()).as("none dead-lettered").isEqualTo(deadLettersBefore);
        JsonNode trigger = runtime.admin("/v1/functions/hello/triggers").path("triggers").get(1);
        assertThat(trigger.path("redelivered").asLong()).as("the unacknowledged ones came back").isPositive();
    }

    private static ConsumerInfo consumer() {
        try {
            return client.jetStreamManagement().getConsumerInfo("HELLO", DURABLE);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long deadLetters() throws IOException, JetStreamApiException {
        return client.jetStreamManagement().getStreamInfo("QUIVER_DLQ").getStreamState().getMsgCount();
    }
}
