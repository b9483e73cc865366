package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.standin.testing.NatsServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chaos benchmark (bench/chaos, results in BENCHMARKS.md), run only when asked for
 * ({@code -Dit.test=ChaosBench}; its name matches none of the suite's patterns): the local runtime at
 * {@code -Xmx256m} under {@code bench.clients} concurrent clients plus {@code bench.uploads} slow 6 MiB uploads,
 * counting answers by status and sampling the runtime's heap; and the time from a restart after {@code kill -9} to
 * the first 200. Prints tables; asserts only that the runtime survived.
 */
class ChaosBench {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 2000);
    private static final int UPLOADS = Integer.getInteger("bench.uploads", 80);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int RESTARTS = Integer.getInteger("bench.restarts", 5);
    private static final long SIX_MIB = 6L * 1024 * 1024;
    private static final Duration READY = Duration.ofSeconds(120);

    @Test
    void gatewayUnderConcurrentClientsAndSlowUploads() throws Exception {
        try (LocalRuntimeProcess runtime = startRuntime(Map.of())) {
            HeapSampler heap = new HeapSampler(runtime.pid());
            Map<String, LongAdder> clients = new ConcurrentHashMap<>();
            Map<String, LongAdder> uploads = new ConcurrentHashMap<>();
            ExecutorService uploaders = Executors.newFixedThreadPool(Math.max(1, UPLOADS));
            CountDownLatch uploadsDone = new CountDownLatch(UPLOADS);
            long chunk = 64 * 1024;
            long pause = Math.max(1, SECONDS * 1000L * chunk / SIX_MIB); // spread each upload over the run
            for (int i = 0; i < UPLOADS; i++) {
                uploaders.execute(() -> {
                    RawUpload answer = RawUpload.post(runtime.gatewayPort, "/fn/chaos", SIX_MIB, false, (int) chunk,
                            pause);
                    count(uploads, answer.cut() != null ? "cut" : String.valueOf(answer.status()));
                    uploadsDone.countDown();
                });
            }
            long requests = closedLoop(runtime.gatewayPort, clients, Duration.ofSeconds(SECONDS));
            uploadsDone.await(3, TimeUnit.MINUTES);
            uploaders.shutdownNow();
            heap.close();

            boolean alive = runtime.alive();
            boolean oom = runtime.log().contains("OutOfMemoryError");
            System.out.printf("%nbench: %d clients for %d s + %d slow 6 MiB uploads, runtime -Xmx256m%n", CLIENTS,
                    SECONDS, UPLOADS);
            System.out.printf("| clients' requests | %d | %s |%n", requests, table(clients));
            System.out.printf("| uploads | %d | %s |%n", UPLOADS, table(uploads));
            System.out.printf("| runtime alive after | %s | OutOfMemoryError: %s | peak heap used %d MiB of 256 |%n",
                    alive, oom, heap.peakMiB());
            assertThat(alive).as(runtime.logTail()).isTrue();
        }
    }

    @Test
    void recoveryAfterRuntimeKill9() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start();
                LocalRuntimeProcess runtime = startRuntime(Map.of("quiver.nats.url", nats.url()))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
            List<Long> millis = new ArrayList<>();
            List<Long> adminMillis = new ArrayList<>();
            for (int i = 0; i < RESTARTS; i++) {
                runtime.killRuntimeOnly();
                long start = System.nanoTime();
                runtime.startAgain();
                while (!adminUp(runtime)) {
                    assertThat(runtime.alive()).as(runtime.logTail()).isTrue();
                    Thread.sleep(10);
                }
                adminMillis.add((System.nanoTime() - start) / 1_000_000);
                while (!ok(http, runtime.gatewayPort)) {
                    assertThat(runtime.alive()).as(runtime.logTail()).isTrue();
                    assertThat(System.nanoTime() - start).isLessThan(READY.toNanos());
                    Thread.sleep(10);
                }
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            System.out.printf("%nbench: restart after kill -9 to the first 200 (ms), %d runs: %s; p50 %d, min %d, max %d;"
                    + " of which to the admin API's first answer: %s%n", RESTARTS, millis, sorted.get(sorted.size() / 2),
                    sorted.get(0), sorted.get(sorted.size() - 1), adminMillis);
        }
    }

    private static LocalRuntimeProcess startRuntime(Map<String, String> extra) throws IOException {
        Map<String, String> settings = new TreeMap<>(Map.of("quiver.local.retention", "0s",
                "quiver.local.readiness-deadline", "60s"));
        settings.putAll(extra);
        LocalRuntimeProcess runtime = LocalRuntimeProcess.start(List.of(), settings, Map.of(), ChaosHeap.JVM_OPTIONS);
        ChaosFunction.write(runtime.functionsDir.resolve(ChaosFunction.NAME),
                Files.createTempDirectory("quiver-bench-").resolve("ledger.txt"), "");
        runtime.await("chaos to answer", READY, () -> runtime.invoke("/fn/chaos", Map.of(), "{}"),
                response -> response.statusCode() == 200);
        return runtime;
    }

    /** {@link #CLIENTS} clients, each sending its next POST when its last one was answered, for the duration. */
    private static long closedLoop(int port, Map<String, LongAdder> statuses, Duration duration)
            throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).executor(executor).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fn/chaos"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong sent = new AtomicLong();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            new Object() {
                void next() {
                    if (System.nanoTime() > end) {
                        done.countDown();
                        return;
                    }
                    sent.incrementAndGet();
                    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        count(statuses, error != null ? "error" : String.valueOf(response.statusCode()));
                        next();
                    });
                }
            }.next();
        }
        done.await(duration.toSeconds() + 120, TimeUnit.SECONDS);
        executor.shutdownNow();
        return sent.get();
    }

    private static boolean adminUp(LocalRuntimeProcess runtime) {
        try {
            return runtime.adminText("/v1/functions").statusCode() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static boolean ok(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fn/chaos"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void count(Map<String, LongAdder> statuses, String status) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    private static String table(Map<String, LongAdder> statuses) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(statuses).forEach((status, n) -> out.append(status).append(": ").append(n.sum()).append("  "));
        return out.toString().trim();
    }

    /** Samples the runtime's used heap every 500 ms with {@code jcmd GC.heap_info}. */
    private static final class HeapSampler implements AutoCloseable {

        private static final Pattern USED = Pattern.compile("used (\\d+)K");
        private final AtomicLong peakKib = new AtomicLong();
        private final ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor();

        HeapSampler(long pid) {
            timer.scheduleAtFixedRate(() -> {
                try {
                    Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info")
                            .redirectErrorStream(true).start();
                    String out = new String(jcmd.getInputStream().readAllBytes());
                    Matcher used = USED.matcher(out);
                    if (used.find()) {
                        peakKib.accumulateAndGet(Long.parseLong(used.group(1)), Math::max);
                    }
                } catch (IOException gone) {
                    // the runtime exited: the report says so
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
        }

        long peakMiB() {
            return peakKib.get() / 1024;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
