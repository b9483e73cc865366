package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;
import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollout benchmark (bench/rollout, results in BENCHMARKS.md), run only when asked for
 * ({@code -Dit.test=RolloutBench}; its name matches none of the suite's patterns): on each platform, under a steady
 * load, {@code bench.runs} times a revision that answers 500 on every 20th request is rolled out against a good one
 * with {@link RolloutScenarios#shortPlan()} (analysis every 2 s), and the time from the first error the load saw
 * to the last answer the load got from the bad revision (after it, every answer comes from the stable one) is
 * measured, with the driver's decision in between. Prints one line per run and one per platform with the ratio to
 * the analysis interval; asserts only that each bad revision was rolled back.
 */
class RolloutBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final List<String> PLATFORMS = List.of(System.getProperty("bench.platforms", "local,cluster")
            .split(","));
    /** The plan's analysis interval. */
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** How long the load must see no answer from the bad revision before its last one counts as the last. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @Test
    void timeFromABadRevisionsFirstErrorToAllAnswersFromTheStableRevision() {
        assertThat(RolloutScenarios.shortPlan().analysis.interval).isEqualTo(INTERVAL.toSeconds() + "s");
        List<String> summaries = new ArrayList<>();
        for (String name : PLATFORMS) {
            try (NatsServerProcess nats = NatsServerProcess.startIn(Checkout.newFolder("nats"));
                 PlatformUnderTest platform = start(name.strip(), nats)) {
                summaries.add(measure(platform));
            }
        }
        System.out.printf("%nbench: rollback of a revision failing 5 %% of its requests, analysis interval %d s, "
                + "%d load threads, %d runs per platform%n", INTERVAL.toSeconds(), THREADS, RUNS);
        summaries.forEach(System.out::println);
    }

    private static PlatformUnderTest start(String name, NatsServerProcess nats) {
        return switch (name) {
            case "local" -> LocalDevPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS);
            case "cluster" -> StandInClusterPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS, 1);
            default -> throw new IllegalArgumentException("bench.platforms: local or cluster, not " + name);
        };
    }

    /** All runs on one platform; the summary line. */
    private static String measure(PlatformUnderTest platform) {
        String function = "greeter-bench";
        Gateway gateway = new Gateway(platform.gateway());
        String stable = platform.deploy(RolloutScenarios.greeter(function, "bench-stable", "Ahoy", 0,
                RolloutScenarios.shortPlan()));
        await(stable + " serving").atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() ->
                Gateway.revision(gateway.post("/fn/" + function, RolloutScenarios.BODY)).equals(stable));
        List<Double> seconds = new ArrayList<>();
        try (TimedLoad load = TimedLoad.start(THREADS, () -> gateway.post("/fn/" + function, RolloutScenarios.BODY))) {
            for (int run = 1; run <= RUNS; run++) {
                String bad = platform.deploy(RolloutScenarios.greeter(function, "bench-bad-" + run, "Hej",
                        20, RolloutScenarios.shortPlan()));
                RolloutStatus rolledBack = RolloutScenarios.awaitRollout(platform, function, bad,
                        RolloutPhase.RolledBack);
                await("no answer from " + bad + " for " + QUIET).atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200)).until(() -> load.quietSince(bad, QUIET));
                TimedLoad.Seen seen = load.seen(bad);
                assertThat(seen.firstErrorNanos()).as("the load saw an error of %s: %s", bad, seen).isPositive();
                double total = (seen.lastNanos() - seen.firstErrorNanos()) / 1e9;
                RolloutDecision failed = rolledBack.decisions.get(rolledBack.decisions.size() - 1);
                double decided = (Instant.parse(failed.decidedAt).toEpochMilli() - seen.firstErrorMillis()) / 1e3;
                seconds.add(total);
                System.out.printf(Locale.ROOT, "%s run %d: %s answered %d (%d errors); first error -> decision %.2f s "
                        + "-> last answer from it %.2f s; total %.2f s = %.2f x interval (%s)%n", platform.name(), run,
                        bad, seen.answers(), seen.errors(), decided, total - decided, total,
                        total / INTERVAL.toSeconds(), failed.message);
            }
            TimedLoad.Seen stableSeen = load.seen(stable);
            System.out.printf(Locale.ROOT, "%s: the stable revision %s answered %d requests, %d failed%n",
                    platform.name(), stable, stableSeen.answers(), stableSeen.errors());
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        double max = sorted.get(sorted.size() - 1);
        return String.format(Locale.ROOT, "rollout bench %s: first error -> all answers from stable: median %.2f s, "
                + "max %.2f s over %d runs = %.2f x / %.2f x the analysis interval (%d s); target <= 2 x", platform.name(),
                median, max, sorted.size(), median / INTERVAL.toSeconds(), max / INTERVAL.toSeconds(),
                INTERVAL.toSeconds());
    }

    /** A steady load that keeps, per revision, when it answered first, last and first failed. */
    static final class TimedLoad implements AutoCloseable {

        /**
         * What the load saw of one revision.
         *
         * @param answers          responses it gave
         * @param errors           of them not 200
         * @param firstErrorNanos  {@link System#nanoTime()} when its first error arrived, 0 when none
         * @param firstErrorMillis the wall clock then, to compare with a decision's time
         * @param lastNanos        when its last response arrived
         */
        record Seen(long answers, long errors, long firstErrorNanos, long firstErrorMillis, long lastNanos) {
        }

        private final Map<String, Seen> seen = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService threads;

        private TimedLoad(int threads) {
            this.threads = Executors.newFixedThreadPool(threads);
        }

        static TimedLoad start(int threads, Supplier<HttpResponse<String>> request) {
            TimedLoad load = new TimedLoad(threads);
            for (int i = 0; i < threads; i++) {
                load.threads.execute(() -> {
                    while (!load.stop.get()) {
                        try {
                            HttpResponse<String> response = request.get();
                            load.record(Gateway.revision(response), response.statusCode() != 200);
                        } catch (RuntimeException e) {
                            load.record("(no answer)", true);
                        }
                    }
                });
            }
            return load;
        }

        private void record(String revision, boolean error) {
            long now = System.nanoTime();
            long wall = System.currentTimeMillis();
            seen.merge(revision, new Seen(1, error ? 1 : 0, error ? now : 0, error ? wall : 0, now),
                    (before, one) -> new Seen(before.answers + 1, before.errors + one.errors,
                            before.firstErrorNanos != 0 ? before.firstErrorNanos : one.firstErrorNanos,
                            before.firstErrorNanos != 0 ? before.firstErrorMillis : one.firstErrorMillis,
                            Math.max(before.lastNanos, one.lastNanos)));
        }

        /** What the load saw of a revision so far. */
        Seen seen(String revision) {
            return seen.getOrDefault(revision, new Seen(0, 0, 0, 0, 0));
        }

        /** Whether the revision answered and then gave no answer for {@code quiet}. */
        boolean quietSince(String revision, Duration quiet) {
            Seen of = seen(revision);
            return of.answers > 0 && System.nanoTime() - of.lastNanos >= quiet.toNanos();
        }

        @Override
        public void close() {
            stop.set(true);
            threads.shutdown();
            try {
                threads.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
