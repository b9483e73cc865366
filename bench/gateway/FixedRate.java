import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open-loop client at a fixed rate against each named URL in turn: request i is due at start + i/rate and its
 * latency runs from when it was due, so a stall is not hidden (no coordinated omission). POSTs a small JSON body
 * over pooled keep-alive connections, one event loop. Prints p50/p95/p99 per URL and each one's overhead over the
 * first. Used by versus-nginx.sh; never fails on timing.
 *
 * <p>{@code java -cp "runtime/target/quarkus-app/lib/main/*" bench/gateway/FixedRate.java RATE SECONDS name=url...}
 */
public class FixedRate {

    private static final Buffer BODY = Buffer.buffer("{\"name\":\"quiver\"}");

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
        List<String[]> targets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            targets.add(args[i].split("=", 2));
        }
        for (String[] target : targets) {
            run(vertx, client, URI.create(target[1]), rate, Math.max(2, seconds / 3)); // warm-up
        }
        double[] first = null;
        System.out.printf("| %-8s | %8s | %8s | %8s | %6s | %s |%n", "path", "p50 ms", "p95 ms", "p99 ms", "errors",
                "overhead over " + targets.get(0)[0] + " (p50 / p95)");
        System.out.println("|---|---|---|---|---|---|");
        for (String[] target : targets) {
            long[] result = run(vertx, client, URI.create(target[1]), rate, seconds);
            int errors = (int) result[result.length - 1];
            long[] nanos = Arrays.copyOf(result, result.length - 1);
            Arrays.sort(nanos);
            double[] p = {percentile(nanos, 50), percentile(nanos, 95), percentile(nanos, 99)};
            String overhead = first == null ? "" : String.format("%+.3f / %+.3f ms", p[0] - first[0], p[1] - first[1]);
            if (first == null) {
                first = p;
            }
            System.out.printf("| %-8s | %8.3f | %8.3f | %8.3f | %6d | %s |%n", target[0], p[0], p[1], p[2], errors,
                    overhead);
        }
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Latencies in nanoseconds, then the error count as the last element. */
    private static long[] run(Vertx vertx, HttpClient client, URI url, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] result = new long[total + 1];
        int[] answered = {0};
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long start = System.nanoTime() + 1_000_000;
        double interval = 1e9 / rate;
        int[] sent = {0};
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost())
                .setPort(url.getPort()).setURI(url.getRawPath()).putHeader("Content-Type", "application/json");
        vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (sent[0] < total && start + (long) (sent[0] * interval) <= now) {
                long due = start + (long) (sent[0] * interval);
                int index = sent[0]++;
                client.request(options).compose(request -> request.send(BODY))
                        .compose(response -> response.body().map(body -> response.statusCode() == 200))
                        .onComplete(ok -> {
                            result[index] = System.nanoTime() - due;
                            if (!(ok.succeeded() && ok.result())) {
                                result[total]++;
                            }
                            if (++answered[0] == total) {
                                finished.complete(null);
                            }
                        });
            }
            if (sent[0] >= total) {
                vertx.cancelTimer(timer);
            }
        }));
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        return result;
    }

    private static double percentile(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
