package dev.quiver.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.gateway.Routes;
import dev.quiver.runtime.gateway.Upstream;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Asynchronous invocations end to end: a real nats-server, the real gateway on loopback, real upstream replicas. */
class AsyncInvocationsTest {

    private static final String REVISION = "orders-00001";
    private static final String KEY = "async-test-key";

    private AsyncHarness async;

    @BeforeEach
    void start() throws Exception {
        async = new AsyncHarness(AsyncSettings.defaults().withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        async.gateway.catalog.with(Routes.function("orders").split(REVISION, 100))
                .with(Routes.function("secure").split("secure-00001", 100).apiKey(KEY));
    }

    @AfterEach
    void stop() throws Exception {
        async.close();
    }

    @Test
    void acceptedRequestIsAnswered202ThenReplayedAndItsAnswerRecorded() throws Exception {
        Upstream upstream = async.gateway.ready(REVISION, (self, request) ->
                request.response().putHeader("content-type", "application/json").end("{\"done\":true}"));
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders/items?page=2", Map.of("x-trace", "abc"), "{\"n\":1}");

        assertThat(accepted.path("status").asText()).isEqualTo("queued");
        assertThat(accepted.path("location").asText()).isEqualTo("/invocations/" + accepted.path("id").asText());
        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("succeeded"));
        assertThat(record.path("function").asText()).isEqualTo("orders");
        assertThat(record.path("attempts").asInt()).isEqualTo(1);
        assertThat(record.path("response").path("status").asInt()).isEqualTo(200);
        assertThat(record.path("response").path("body").asText()).isEqualTo("{\"done\":true}");
        assertThat(record.path("response").path("headers").path("x-quiver-revision").asText()).isEqualTo(REVISION);
        assertThat(record.has("error")).isFalse();
        Upstream.Seen seen = upstream.seen.get(0);
        assertThat(seen.uri()).isEqualTo("/items?page=2");
        assertThat(seen.body()).isEqualTo("{\"n\":1}");
        assertThat(seen.headers().get("x-trace")).isEqualTo("abc");
        assertThat(seen.headers().get(HttpForwarder.INVOCATION_HEADER)).isEqualTo(accepted.path("id").asText());
        assertThat(seen.headers().contains("Prefer")).isFalse();
        assertThat(seen.headers().contains(InternalKey.HEADER)).isFalse();
    }

    @Test
    void aStoredRequestCarriesItsTraceContextToTheFunctionWhenItRuns() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Upstream upstream = async.gateway.ready(REVISION, (self, request) -> request.response().end("ok"));
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders", Map.of("traceparent", traceparent, "tracestate", "v=1"), "{}");

        async.awaitRecord(accepted.path("location").asText(), r -> r.path("status").asText().equals("succeeded"));
        Upstream.Seen seen = upstream.seen.get(0);
        assertThat(seen.headers().getAll("traceparent")).containsExactly(traceparent);
        assertThat(seen.headers().getAll("tracestate")).containsExactly("v=1");
    }

    @Test
    void aStoredRequestIsReplayedToItsOwnNamespacesFunctionWhateverTheShortFormRuleLaterPicks() throws Exception {
        async.gateway.catalog.with(Routes.function("orders").in("quiver-dev").split(REVISION, 100));
        Upstream development = async.gateway.ready(Routes.ref("quiver-dev", REVISION), (self, request) ->
                request.response().end("development"));

        JsonNode accepted = async.submit("/fn/quiver-dev/orders/items", Map.of(), "{}");
        // before the replay, a default-namespace function named like the namespace appears and would shadow the URL
        async.gateway.catalog.with(Routes.function("quiver-dev").split("quiver-dev-00001", 100));
        Upstream shadowing = async.gateway.ready("quiver-dev-00001", (self, request) -> request.response().end("shadow"));
        async.startWorker();

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("succeeded"));
        assertThat(record.path("response").path("body").asText()).isEqualTo("development");
        assertThat(record.path("namespace").asText()).isEqualTo("quiver-dev");
        assertThat(development.seen).singleElement().satisfies(seen -> assertThat(seen.uri()).isEqualTo("/items"));
        assertThat(shadowing.seen).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheFunctionSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        async.gateway.ready(REVISION, (self, request) -> {
            int call = calls.incrementAndGet();
            request.response().setStatusCode(call < 3 ? 503 : 200).end(call < 3 ? "busy" : "ok");
        });
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders", Map.of(), "{}");

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("succeeded"));
        assertThat(record.path("attempts").asInt()).isEqualTo(3);
        assertThat(record.path("response").path("status").asInt()).isEqualTo(200);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(async.store().recent().of("default", "orders")).as("what the dashboard lists")
                .singleElement().satisfies(kept -> {
                    assertThat(kept.id()).isEqualTo(record.path("id").asText());
                    assertThat(kept.status()).isEqualTo(InvocationRecord.SUCCEEDED);
                });
    }

    @Test
    void afterTheLastAttemptTheInvocationFailsWithTheReason() throws Exception {
        async.gateway.ready(REVISION, (self, request) -> request.response().setStatusCode(500).end("broken"));
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders", Map.of(), "{}");

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("failed"));
        assertThat(record.path("attempts").asInt()).isEqualTo(3);
        assertThat(record.path("error").asText()).contains("500").contains("broken").contains("gave up after 3");
        assertThat(record.path("response").path("status").asInt()).isEqualTo(500);
    }

    @Test
    void anAnswerThatCannotBeRecordedIsCalledAtMostMaxAttemptsTimesThenRecordedAsFailed() throws Exception {
        // The result limit raised to 4 MiB, above what a NATS message holds (1 MiB): a 2 MiB answer passes the limit
        // (so it is not recorded as ResultTooLarge), but its finished record can never be saved.
        AsyncSettings defaults = AsyncSettings.defaults().withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        async.close();
        async = new AsyncHarness(new AsyncSettings(defaults.maxAttempts(), defaults.initialBackoff(),
                defaults.maxBackoff(), defaults.concurrency(), defaults.retention(), defaults.callbackAttempts(),
                defaults.ackWait(), 4L * 1024 * 1024));
        async.gateway.catalog.with(Routes.function("orders").split(REVISION, 100));
        String huge = "x".repeat(2 * 1024 * 1024);
        AtomicInteger calls = new AtomicInteger();
        async.gateway.ready(REVISION, (self, request) -> {
            calls.incrementAndGet();
            request.response().putHeader("content-type", "text/plain").end(huge);
        });
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders", Map.of(), "{}");

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("failed"));
        assertThat(record.path("error").asText()).contains("gave up after 3 attempts")
                .contains("the answer could not be recorded");
        // Several more redelivery windows (backoff 50-200 ms): a looping request would be called again.
        Thread.sleep(2_000);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(async.status(accepted.path("location").asText(), Map.of()).body()).contains("\"failed\"");
    }

    @Test
    void aClientErrorFailsAtOnceWithoutRetries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        async.gateway.ready(REVISION, (self, request) -> {
            calls.incrementAndGet();
            request.response().setStatusCode(400).putHeader("content-type", "application/json").end("{\"error\":\"bad\"}");
        });
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders", Map.of(), "{}");

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("failed"));
        assertThat(record.path("attempts").asInt()).isEqualTo(1);
        assertThat(record.path("response").path("body").asText()).isEqualTo("{\"error\":\"bad\"}");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void theCallbackReceivesTheFinishedRecord() throws Exception {
        async.gateway.ready(REVISION, (self, request) -> request.response().end("hi"));
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer callback = async.gateway.vertx.createHttpServer().requestHandler(request -> request.body()
                .onSuccess(body -> {
                    received.add(body.toString());
                    request.response().setStatusCode(204).end();
                }));
        callback.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders", Map.of(AsyncFrontDoor.CALLBACK_HEADER,
                "http://127.0.0.1:" + callback.actualPort() + "/done"), "{}");

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("callback").path("state").asText().equals("delivered"));
        assertThat(received).hasSize(1);
        JsonNode posted = AsyncHarness.json(received.get(0));
        assertThat(posted.path("id").asText()).isEqualTo(accepted.path("id").asText());
        assertThat(posted.path("status").asText()).isEqualTo("succeeded");
        assertThat(posted.path("response").path("body").asText()).isEqualTo("hi");
        assertThat(record.path("callback").path("status").asInt()).isEqualTo(204);
    }

    @Test
    void aCallbackThatCannotBeReachedIsRecordedWithoutConnectionDetailsAndTheInvocationStillSucceeds() throws Exception {
        async.gateway.ready(REVISION, (self, request) -> request.response().end("hi"));
        async.startWorker();

        JsonNode accepted = async.submit("/fn/orders", Map.of(AsyncFrontDoor.CALLBACK_HEADER,
                "http://127.0.0.1:" + Upstream.dead().port() + "/done"), "{}");

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("callback").path("state").asText().equals("failed"));
        assertThat(record.path("status").asText()).isEqualTo("succeeded");
        assertThat(record.path("callback").path("attempts").asInt()).isEqualTo(async.settings.callbackAttempts());
        assertThat(record.path("callback").path("error").asText()).isEqualTo(CallbackSender.FAILED);
    }

    @Test
    void aStoredRequestOutlivesTheRuntimeThatAcceptedItAndTheNatsServer() throws Exception {
        Upstream upstream = async.gateway.ready(REVISION, (self, request) -> request.response().end("late"));
        JsonNode accepted = async.submit("/fn/orders", Map.of(), "{\"kept\":true}");
        assertThat(async.awaitRecord(accepted.path("location").asText(), r -> true).path("status").asText())
                .isEqualTo("queued");

        async.disconnect();           // the runtime that accepted it stops before running it
        async.natsServer.restart();   // and the NATS server restarts too
        async.connect();              // a new runtime starts
        async.startWorker();

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("succeeded"));
        assertThat(record.path("response").path("body").asText()).isEqualTo("late");
        assertThat(upstream.seen).extracting(Upstream.Seen::body).containsExactly("{\"kept\":true}");
    }

    @Test
    void aFunctionTheGatewayDoesNotKnowYetIsRetriedUntilItIsServed() throws Exception {
        async.close();
        async = new AsyncHarness(AsyncSettings.defaults().withMaxAttempts(1000)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(100)));
        async.gateway.catalog.with(Routes.function("orders").split(REVISION, 100));
        async.gateway.ready(REVISION, (self, request) -> request.response().end("served"));
        JsonNode accepted = async.submit("/fn/orders", Map.of(), "{}");
        async.gateway.catalog.without("orders"); // as in a runtime that has just started and not loaded it yet
        async.startWorker();
        JsonNode waiting = async.awaitRecord(accepted.path("location").asText(), r -> r.path("attempts").asInt() >= 1
                && r.path("status").asText().equals("queued"));
        assertThat(waiting.path("error").asText()).contains("404");

        async.gateway.catalog.with(Routes.function("orders").split(REVISION, 100));

        JsonNode record = async.awaitRecord(accepted.path("location").asText(),
                r -> r.path("status").asText().equals("succeeded"));
        assertThat(record.path("response").path("body").asText()).isEqualTo("served");
    }

    @Test
    void anUnknownIdIs404AndAMalformedCallbackUrlIs400() {
        var unknown = async.status("/invocations/0a0b0c0d-0000-4000-8000-000000000000", Map.of());
        var malformed = async.status("/invocations/a.b*c", Map.of());
        var badCallback = async.gateway.send("POST", "/fn/orders",
                Map.of("Prefer", "respond-async", AsyncFrontDoor.CALLBACK_HEADER, "ftp://x/y"), "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"InvocationNotFound\"");
        assertThat(malformed.statusCode()).isEqualTo(404);
        assertThat(badCallback.statusCode()).isEqualTo(400);
        assertThat(badCallback.body()).contains("BadCallbackUrl");
    }

    @Test
    void theApiKeyGuardsSubmissionAndStatusAndIsNotStored() throws Exception {
        Upstream upstream = async.gateway.ready("secure-00001", (self, request) -> request.response().end("secret"));
        async.startWorker();

        var refused = async.gateway.send("POST", "/fn/secure", Map.of("Prefer", "respond-async"), "{}");
        JsonNode accepted = async.submit("/fn/secure", Map.of("Authorization", "Bearer " + KEY), "{}");
        String location = accepted.path("location").asText();

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(async.status(location, Map.of()).statusCode()).isEqualTo(401);
        assertThat(async.status(location, Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(403);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (!body.contains("succeeded") && System.nanoTime() < end) {
            body = async.status(location, Map.of("Authorization", "Bearer " + KEY)).body();
            Thread.sleep(20);
        }
        assertThat(AsyncHarness.json(body).path("response").path("body").asText()).isEqualTo("secret");
        assertThat(body).doesNotContain(KEY);
        assertThat(upstream.seen).hasSize(1);
        assertThat(upstream.seen.get(0).headers().contains("Authorization")).isFalse();
    }
}
