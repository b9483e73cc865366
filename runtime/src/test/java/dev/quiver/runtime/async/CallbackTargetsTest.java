package dev.quiver.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.gateway.Routes;
import dev.quiver.runtime.outbound.InternalAddresses;
import dev.quiver.runtime.outbound.OutboundPolicy;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callback URLs are the caller's: they reach only allowed addresses, checked when the connection is made, the
 * record says nothing about what lies behind a refused or failed one, and a callback's answer is read only so far.
 */
class CallbackTargetsTest {

    private static final String REVISION = "orders-00001";

    private AsyncHarness async;
    private final List<HttpServerRequest> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        async = new AsyncHarness(AsyncSettings.defaults().withMaxAttempts(1)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        async.gateway.catalog.with(Routes.function("orders").split(REVISION, 100));
        async.gateway.ready(REVISION, (self, request) -> request.response().end("done"));
    }

    @AfterEach
    void stop() throws Exception {
        async.close();
    }

    @Test
    void aCallbackToTheMetadataServiceIsRefusedAtOnceWithAGenericError() throws Exception {
        async.startWorker(OutboundPolicy.publicOnly(), CallbackSender.Resolver.system());

        JsonNode callback = finishedCallback("http://169.254.169.254/latest/meta-data/");

        assertThat(callback.path("state").asText()).isEqualTo("failed");
        assertThat(callback.path("error").asText()).isEqualTo(CallbackSender.REFUSED);
        assertThat(callback.path("attempts").asInt()).isZero();
        assertThat(callback.has("status")).isFalse();
    }

    @Test
    void aCallbackToLoopbackIsRefusedUnlessLoopbackIsAllowed() throws Exception {
        int port = receiver(request -> request.response().setStatusCode(204).end());
        async.startWorker(OutboundPolicy.publicOnly(), CallbackSender.Resolver.system());

        JsonNode refused = finishedCallback("http://127.0.0.1:" + port + "/done");
        JsonNode mapped = finishedCallback("http://[::ffff:127.0.0.1]:" + port + "/done");
        JsonNode named = finishedCallback("http://localhost:" + port + "/done");

        assertThat(List.of(refused, mapped, named)).allSatisfy(callback -> {
            assertThat(callback.path("state").asText()).isEqualTo("failed");
            assertThat(callback.path("error").asText()).isEqualTo(CallbackSender.REFUSED);
        });
        assertThat(received).isEmpty();
    }

    @Test
    void aNameIsRefusedWhenAnyAddressItResolvesToIsInternal() throws Exception {
        receiver(request -> request.response().setStatusCode(204).end());
        async.startWorker(OutboundPolicy.publicOnly(), names(Map.of("mixed.test", List.of("203.0.113.9", "10.0.0.7"))));

        JsonNode callback = finishedCallback("http://mixed.test/done");

        assertThat(callback.path("error").asText()).isEqualTo(CallbackSender.REFUSED);
    }

    @Test
    void theCallbackGoesToTheAddressThatWasCheckedWithTheUrlsHostName() throws Exception {
        int port = receiver(request -> request.response().setStatusCode(204).end());
        // "hooks.test" exists only in this resolver: a second lookup by the HTTP client would fail
        async.startWorker(OutboundPolicy.allowing(List.of("127.0.0.0/8")),
                names(Map.of("hooks.test", List.of("127.0.0.1"))));

        JsonNode callback = finishedCallback("http://hooks.test:" + port + "/done?x=1");

        assertThat(callback.path("state").asText()).isEqualTo("delivered");
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.getHeader("Host")).isEqualTo("hooks.test:" + port);
            assertThat(request.uri()).isEqualTo("/done?x=1");
        });
    }

    @Test
    void anOtherSchemeThanHttpOrHttpsIsRefused() throws Exception {
        InvocationRecord record = new InvocationRecord("id-1", "orders", InvocationRecord.SUCCEEDED, 1, "t", "t", null,
                null, null, null);
        CallbackSender sender = new CallbackSender(async.gateway.vertx, 3, Duration.ofMillis(10),
                OutboundPolicy.publicOnly().plus(InternalAddresses.LOOPBACK));

        InvocationRecord.Callback outcome = sender.deliver("file:///etc/passwd", record).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(outcome.error()).isEqualTo(CallbackSender.REFUSED);
        sender.close();
    }

    @Test
    void aCallbackThatAnswersErrorsIsRecordedWithItsStatusOnly() throws Exception {
        int port = receiver(request -> request.response().setStatusCode(500).end("stack trace of the receiver"));
        async.startWorker();

        JsonNode callback = finishedCallback("http://127.0.0.1:" + port + "/done");

        assertThat(callback.path("state").asText()).isEqualTo("failed");
        assertThat(callback.path("status").asInt()).isEqualTo(500);
        assertThat(callback.path("error").asText()).isEqualTo(CallbackSender.FAILED);
    }

    @Test
    void aCallbackWithAHugeAnswerIsDeliveredAndOnlyTheStartOfTheAnswerIsRead() throws Exception {
        Flood flood = new Flood(64L * 1024 * 1024);
        int port = receiver(request -> flood.pour(request.response(), 200, "text/plain"));
        async.startWorker();

        JsonNode callback = finishedCallback("http://127.0.0.1:" + port + "/done");

        assertThat(callback.path("state").asText()).isEqualTo("delivered");
        assertThat(callback.path("status").asInt()).isEqualTo(200);
        awaitTrue(flood.cutOff::get, "the runtime closes the connection instead of reading the whole answer");
        assertThat(flood.finished).isFalse();
    }

    @Test
    void aCallbackThatTricklesItsAnswerIsCutAtItsDeadlineAndCountsAsFailed() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        int port = receiver(request -> {
            request.response().putHeader("Content-Length", "100000").setStatusCode(200);
            long timer = async.gateway.vertx.setPeriodic(50, tick -> request.response().write("x"));
            request.connection().closeHandler(gone -> {
                async.gateway.vertx.cancelTimer(timer);
                closed.set(true);
            });
        });
        InvocationRecord record = new InvocationRecord("id-2", "orders", InvocationRecord.SUCCEEDED, 1, "t", "t", null,
                null, null, null);
        CallbackSender sender = new CallbackSender(async.gateway.vertx, 1, Duration.ofMillis(10),
                OutboundPolicy.publicOnly().plus(InternalAddresses.LOOPBACK), CallbackSender.Resolver.system(),
                Duration.ofMillis(500));

        InvocationRecord.Callback outcome = sender.deliver("http://127.0.0.1:" + port + "/done", record)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(InvocationRecord.Callback.FAILED);
        assertThat(outcome.error()).isEqualTo(CallbackSender.FAILED);
        awaitTrue(closed::get, "the runtime closes the trickling connection");
        sender.close();
    }

    /** Submits an invocation with the callback URL and returns its callback outcome once it is final. */
    private JsonNode finishedCallback(String url) throws Exception {
        JsonNode accepted = async.submit("/fn/orders", Map.of(AsyncFrontDoor.CALLBACK_HEADER, url), "{}");
        return async.awaitRecord(accepted.path("location").asText(),
                r -> !r.path("callback").path("state").asText().equals("pending")).path("callback");
    }

    private int receiver(Consumer<HttpServerRequest> answer) throws Exception {
        receiver = async.gateway.vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(request);
            answer.accept(request);
        }));
        return receiver.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    /** A resolver that knows only these names (and literal addresses). */
    private static CallbackSender.Resolver names(Map<String, List<String>> names) {
        return host -> {
            List<String> addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> out = new ArrayList<>();
            for (String address : addresses) {
                out.add(InetAddress.getByName(address));
            }
            return out;
        };
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what);
            }
            Thread.sleep(20);
        }
    }
}
