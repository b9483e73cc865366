package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A revision's gate is registered before it reads its endpoints, so a request on another event loop can be held by
 * the new, still empty gate; the gate's first endpoints must release it (and every request queued behind it).
 */
class GateCreationRaceTest {

    private static final String REVISION = "hello-00001";

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestHeldWhileTheGateReadsItsFirstEndpointsIsSentOnceTheyArrive() throws Exception {
        Upstream upstream = Upstream.answering(vertx, REVISION);
        ReadPausingPlatform platform = new ReadPausingPlatform(upstream.endpoint());
        Routes.Catalog catalog = new Routes.Catalog();
        catalog.with(Routes.function("hello").split(REVISION, 100));
        // short enough that a held request left behind fails the test quickly with 503
        gateway = new Gateway(vertx, catalog, platform,
                GatewayConfig.defaults().withColdStartTimeout(Duration.ofSeconds(3)));
        int first = listenOnItsOwnEventLoop();
        int second = listenOnItsOwnEventLoop();

        CompletableFuture<HttpResponse<String>> creator = post(first);
        assertThat(platform.firstRead.await(10, TimeUnit.SECONDS)).as("the gate reads its first endpoints").isTrue();
        // the gate is registered but has no endpoints yet: this request is held and wakes the revision,
        // which lets the first read return
        CompletableFuture<HttpResponse<String>> held = post(second);

        HttpResponse<String> creatorsAnswer = creator.get(20, TimeUnit.SECONDS);
        HttpResponse<String> heldAnswer = held.get(20, TimeUnit.SECONDS);
        HttpResponse<String> later = post(second).get(20, TimeUnit.SECONDS);

        assertThat(platform.heldWhileReading).as("the race this test is about happened").isTrue();
        assertThat(creatorsAnswer.statusCode()).as(creatorsAnswer.body()).isEqualTo(200);
        assertThat(heldAnswer.statusCode()).as(heldAnswer.body()).isEqualTo(200);
        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
    }

    /** Each deployment gets an event loop of its own (round robin), so the two servers' requests run in parallel. */
    private int listenOnItsOwnEventLoop() throws Exception {
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start(Promise<Void> done) {
                vertx.createHttpServer().requestHandler(gateway::handle).listen(0, "127.0.0.1")
                        .onSuccess(server -> {
                            started.complete(server);
                            done.complete();
                        })
                        .onFailure(done::fail);
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return started.get(10, TimeUnit.SECONDS).actualPort();
    }

    private CompletableFuture<HttpResponse<String>> post(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fn/hello"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A platform whose first endpoint read waits until another request has been held (it calls {@code wake}),
     * which opens the window between registering a gate and reading its endpoints every time.
     */
    private static final class ReadPausingPlatform implements Platform {
        final CountDownLatch firstRead = new CountDownLatch(1);
        final CountDownLatch woken = new CountDownLatch(1);
        final AtomicBoolean reading = new AtomicBoolean();
        volatile boolean heldWhileReading;
        private final Endpoint endpoint;

        ReadPausingPlatform(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public List<Endpoint> readyEndpoints(RevisionRef revision) {
            if (firstRead.getCount() > 0 && reading.compareAndSet(false, true)) {
                firstRead.countDown();
                try {
                    heldWhileReading = woken.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of(endpoint);
        }

        @Override
        public void wake(RevisionRef revision) {
            woken.countDown();
        }

        @Override
        public void scale(RevisionRef revision, int replicas) {
            throw new UnsupportedOperationException("the gateway never scales");
        }

        @Override
        public int desiredReplicas(RevisionRef revision) {
            return 1;
        }

        @Override
        public void addEndpointsListener(Consumer<RevisionRef> listener) {
            // the endpoints never change after the first read
        }
    }
}
