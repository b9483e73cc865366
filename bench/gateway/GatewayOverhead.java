import dev.quiver.api.ScaleSpec;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.gateway.GatewayConfig;
import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Gateway overhead against calling the function directly, in the same run: a trivial upstream (Vert.x, echoes a
 * small JSON body), the real {@link Gateway} in front of it, and an open-loop load generator.
 * <ul>
 *   <li>fixed rate: requests are sent on a schedule (default 1,000 req/s) whatever the replies do, and latency is
 *       measured from each request's scheduled time, so a stall is not hidden (no coordinated omission);</li>
 *   <li>saturation: a fixed number of requests always outstanding, as fast as replies come back.</li>
 * </ul>
 * Each of upstream, gateway and load generator has its own Vert.x instance with one event loop. Prints a table;
 * never fails on timing.
 *
 * <p>Run from the repository root (see bench/gateway/README.md):
 * {@code java -cp "runtime/target/classes:$(cat /tmp/gw-cp.txt)" bench/gateway/GatewayOverhead.java [rate] [seconds] [concurrency]}
 */
public class GatewayOverhead {

    private static final String REVISION = "echo-00001";
    private static final String BODY = "{\"name\":\"quiver\"}";

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;

        Vertx upstreamVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx gatewayVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx loadVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));

        HttpServer upstream = upstreamVertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> request.response()
                        .putHeader("Content-Type", "application/json").end(body)));
        await(upstream.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture());
        int upstreamPort = upstream.actualPort();

        RevisionRef ref = new RevisionRef("default", "echo", REVISION);
        FunctionRoutes routes = new FunctionRoutes("default", "echo",
                RoutingTable.of(List.of(TrafficTarget.revision(REVISION, 100))),
                Map.of(REVISION, new RevisionSettings(ref, 0, Duration.ofSeconds(30), new ScaleSpec())), Set.of());
        RouteCatalog catalog = new RouteCatalog() {
            @Override
            public Optional<FunctionRoutes> find(String namespace, String name) {
                return "default".equals(namespace) && name.equals("echo") ? Optional.of(routes) : Optional.empty();
            }

            @Override
            public String defaultNamespace() {
                return "default";
            }
        };
        Gateway gateway = new Gateway(gatewayVertx, catalog, new StaticPlatform(new Endpoint("127.0.0.1", upstreamPort)),
                GatewayConfig.defaults());
        HttpServer gatewayServer = gatewayVertx.createHttpServer().requestHandler(gateway::handle);
        await(gatewayServer.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture());

        HttpClient client = loadVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(Math.max(64, concurrency)).setMaxWaitQueueSize(-1));
        Target direct = new Target("direct", upstreamPort, "/");
        Target viaGateway = new Target("gateway", gatewayServer.actualPort(), "/fn/echo");

        System.out.printf("warming up (%d s each)...%n", Math.max(3, seconds / 3));
        fixedRate(loadVertx, client, direct, rate, Math.max(3, seconds / 3));
        fixedRate(loadVertx, client, viaGateway, rate, Math.max(3, seconds / 3));
        saturate(loadVertx, client, direct, concurrency, 2);
        saturate(loadVertx, client, viaGateway, concurrency, 2);

        Result directFixed = fixedRate(loadVertx, client, direct, rate, seconds);
        Result gatewayFixed = fixedRate(loadVertx, client, viaGateway, rate, seconds);
        Result directSat = saturate(loadVertx, client, direct, concurrency, seconds);
        Result gatewaySat = saturate(loadVertx, client, viaGateway, concurrency, seconds);

        System.out.println();
        System.out.printf("| %-34s | %9s | %9s | %9s | %9s | %11s | %6s |%n", "scenario", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "req/s", "errors");
        System.out.println("|------------------------------------|-----------|-----------|-----------|-----------|-------------|--------|");
        for (Result r : List.of(directFixed, gatewayFixed, directSat, gatewaySat)) {
            System.out.printf("| %-34s | %9.3f | %9.3f | %9.3f | %9.3f | %11.0f | %6d |%n", r.name, r.p(50), r.p(95), r.p(99),
                    r.p(100), r.throughput(), r.errors);
        }
        System.out.println();
        System.out.printf("overhead at %d req/s: p50 +%.3f ms, p95 +%.3f ms, p99 +%.3f ms%n", rate,
                gatewayFixed.p(50) - directFixed.p(50), gatewayFixed.p(95) - directFixed.p(95),
                gatewayFixed.p(99) - directFixed.p(99));
        System.out.printf("saturation (%d outstanding): gateway/direct throughput = %.2f; p50 +%.3f ms, p99 +%.3f ms%n",
                concurrency, gatewaySat.throughput() / directSat.throughput(), gatewaySat.p(50) - directSat.p(50),
                gatewaySat.p(99) - directSat.p(99));
        System.out.printf("cores: %d (shared machine); JVM %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        gateway.close();
        for (Vertx vertx : List.of(loadVertx, gatewayVertx, upstreamVertx)) {
            await(vertx.close().toCompletionStage().toCompletableFuture());
        }
    }

    /** Open loop: request i is due at start + i/rate; latency runs from when it was due. */
    private static Result fixedRate(Vertx vertx, HttpClient client, Target target, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        Result result = new Result(target.name + " @ " + rate + " req/s", total);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicInteger answered = new AtomicInteger();
        long start = System.nanoTime() + 1_000_000;
        double intervalNanos = 1e9 / rate;
        int[] sent = {0};
        vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (sent[0] < total && start + (long) (sent[0] * intervalNanos) <= now) {
                long due = start + (long) (sent[0] * intervalNanos);
                sent[0]++;
                call(client, target, ok -> {
                    result.record(System.nanoTime() - due, ok);
                    if (answered.incrementAndGet() == total) {
                        finished.complete(null);
                    }
                });
            }
            if (sent[0] >= total) {
                vertx.cancelTimer(timer);
            }
        }));
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        result.elapsedNanos = System.nanoTime() - start;
        return result;
    }

    /** Closed loop: keeps this many requests outstanding for the duration. */
    private static Result saturate(Vertx vertx, HttpClient client, Target target, int concurrency, int seconds)
            throws Exception {
        Result result = new Result(target.name + " saturated (" + concurrency + " outstanding)", 1 << 20);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger(concurrency);
        vertx.runOnContext(v -> {
            for (int i = 0; i < concurrency; i++) {
                loop(client, target, result, end, () -> {
                    if (running.decrementAndGet() == 0) {
                        finished.complete(null);
                    }
                });
            }
        });
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        result.elapsedNanos = System.nanoTime() - start;
        return result;
    }

    private static void loop(HttpClient client, Target target, Result result, long end, Runnable done) {
        long sentAt = System.nanoTime();
        if (sentAt >= end) {
            done.run();
            return;
        }
        call(client, target, ok -> {
            result.record(System.nanoTime() - sentAt, ok);
            loop(client, target, result, end, done);
        });
    }

    private static final Buffer PAYLOAD = Buffer.buffer(BODY);

    private static void call(HttpClient client, Target target, Consumer<Boolean> then) {
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(target.port)
                        .setURI(target.path).putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(PAYLOAD))
                .compose(response -> response.body().map(body -> response.statusCode() == 200))
                .onComplete(ar -> then.accept(ar.succeeded() && ar.result()));
    }

    private static void await(CompletableFuture<?> future) throws Exception {
        future.get(30, TimeUnit.SECONDS);
    }

    private record Target(String name, int port, String path) {
    }

    /** Latencies of one scenario (recorded on the load generator's single event loop). */
    private static final class Result {
        final String name;
        long[] nanos;
        int count;
        int errors;
        long elapsedNanos;
        private boolean sorted;

        Result(String name, int expected) {
            this.name = name;
            this.nanos = new long[Math.max(16, expected)];
        }

        void record(long latency, boolean ok) {
            if (!ok) {
                errors++;
            }
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = latency;
        }

        double p(double percentile) {
            if (!sorted) {
                Arrays.sort(nanos, 0, count);
                sorted = true;
            }
            int index = (int) Math.ceil(percentile / 100.0 * count) - 1;
            return nanos[Math.max(0, Math.min(count - 1, index))] / 1e6;
        }

        double throughput() {
            return count / (elapsedNanos / 1e9);
        }
    }

    /** One always-ready replica: the benchmark measures the warm path. */
    private record StaticPlatform(Endpoint endpoint) implements Platform {
        @Override
        public List<Endpoint> readyEndpoints(RevisionRef revision) {
            return List.of(endpoint);
        }

        @Override
        public void scale(RevisionRef revision, int replicas) {
        }

        @Override
        public void wake(RevisionRef revision) {
        }

        @Override
        public int desiredReplicas(RevisionRef revision) {
            return 1;
        }

        @Override
        public void addEndpointsListener(Consumer<RevisionRef> listener) {
        }
    }
}
