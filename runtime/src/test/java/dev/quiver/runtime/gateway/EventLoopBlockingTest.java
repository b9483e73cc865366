package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.platform.RevisionRef;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.btc.BlockedThreadEvent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No gateway handler blocks an event loop. Vert.x's blocked-thread checker watches the event loops of the gateway
 * and of the upstreams at {@value #MAX_EXECUTE_MILLIS} ms (its default is 2 s) while requests take every path the
 * gateway has: forwarded, queued behind a concurrency limit, timed out, held while a revision wakes and released
 * when it is ready, refused (404, 413), failed by a crashing replica (502), and the metrics scrape. The first test
 * shows that a handler which blocks is caught here.
 */
class EventLoopBlockingTest extends GatewayFixture {

    private static final long MAX_EXECUTE_MILLIS = 100;
    private static final String SLOW = "slow-00001";
    private static final String COLD = "cold-00001";
    private static final String CRASH = "crash-00001";

    /** What the checker saw: the thread, how long it was blocked, and where (taken while it still was). */
    private final List<String> blocked = new CopyOnWriteArrayList<>();

    @Override
    protected VertxOptions vertxOptions() {
        return new VertxOptions().setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(MAX_EXECUTE_MILLIS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS);
    }

    @BeforeEach
    void watchBlockedThreads() {
        ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(this::record);
    }

    @Test
    void aHandlerThatBlocksAnEventLoopIsCaught() throws Exception {
        HttpServer blocking = vertx.createHttpServer().requestHandler(request -> {
            sleep(3 * MAX_EXECUTE_MILLIS); // what a blocking call in a handler does to its event loop
            request.response().end("late");
        });
        blocking.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + blocking.actualPort() + "/")).build());

        await(() -> !blocked.isEmpty());
        assertThat(blocked.get(0)).startsWith("vert.x-eventloop-thread").contains("Thread.sleep");
    }

    @Test
    void noRequestPathOfTheGatewayBlocksAnEventLoop() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        catalog.with(Routes.function("slow").containerConcurrency(1).timeout(Duration.ofMillis(300)).split(SLOW, 100));
        catalog.with(Routes.function("cold").split(COLD, 100));
        catalog.with(Routes.function("crash").split(CRASH, 100));
        readyAnswering(V1);
        platform.ready(Routes.ref(SLOW), Upstream.silent(vertx).endpoint());
        platform.ready(Routes.ref(CRASH), Upstream.crashing(vertx).endpoint());
        start(GatewayConfig.defaults().withMaxBodyBytes(1024).withColdStartTimeout(Duration.ofSeconds(10)));

        everyPath(); // the first pass loads classes on a cold JVM: a one-time cost, not a blocking call
        platform.ready(Routes.ref(COLD));
        blocked.clear();
        everyPath();
        Thread.sleep(5 * 10); // a few of the checker's intervals

        assertThat(blocked).as("event loops blocked for more than %d ms", MAX_EXECUTE_MILLIS).isEmpty();
    }

    /** Sends requests down every path of the gateway and checks each got the answer of that path. */
    private void everyPath() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> forwarded = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            forwarded.add(sendAsync(i % 2 == 0 ? get("/fn/hello") : post("/fn/hello", "{\"n\":" + i + "}")));
        }
        List<CompletableFuture<HttpResponse<String>>> timedOut = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            timedOut.add(sendAsync(get("/fn/slow"))); // one in flight, two queued behind containerConcurrency 1
        }
        CompletableFuture<HttpResponse<String>> held = sendAsync(get("/fn/cold"));
        await(() -> gateway.concurrency(Routes.ref(COLD)) == 1);
        RevisionRef cold = Routes.ref(COLD);
        Upstream wakes = Upstream.answering(vertx, COLD);
        upstreams.add(wakes);
        platform.ready(cold, wakes.endpoint()); // from this thread, as a platform's watch would

        assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo(COLD);
        for (CompletableFuture<HttpResponse<String>> response : forwarded) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        for (CompletableFuture<HttpResponse<String>> response : timedOut) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
        }
        assertThat(get("/fn/nobody", Map.of()).statusCode()).isEqualTo(404);
        assertThat(send(post("/fn/hello", "x".repeat(4096))).statusCode()).isEqualTo(413);
        assertThat(get("/fn/crash", Map.of()).statusCode()).isEqualTo(502);
        assertThat(get("/metrics", Map.of()).body()).contains("quiver_requests_total");
    }

    private void record(BlockedThreadEvent event) {
        StringBuilder where = new StringBuilder(event.thread().getName()).append(" blocked for ")
                .append(TimeUnit.NANOSECONDS.toMillis(event.duration())).append(" ms at");
        for (StackTraceElement frame : event.thread().getStackTrace()) {
            where.append("\n  ").append(frame);
        }
        blocked.add(where.toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
