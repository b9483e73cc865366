package dev.quiver.acceptance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Requests through the gateway from several threads: a fixed number of them, or a steady stream until stopped.
 * Every response is tallied by the revision that served it; anything but a 200 is a failure, kept with its
 * status and body.
 */
final class Load implements AutoCloseable {

    /**
     * What a load run saw.
     *
     * @param byRevision how many 200s each revision answered
     * @param failures   how many requests failed (no answer or not 200)
     * @param examples   up to 10 failures, for the message
     */
    record Tally(Map<String, Integer> byRevision, int failures, List<String> examples) {

        /** All 200s. */
        int ok() {
            return byRevision.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The percentage of 200s a revision answered. */
        double percent(String revision) {
            return 100.0 * byRevision.getOrDefault(revision, 0) / Math.max(1, ok());
        }
    }

    private final Map<String, LongAdder> byRevision = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final List<String> examples = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService threads;
    private final List<Future<?>> workers = new ArrayList<>();

    private Load(int threads) {
        this.threads = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "load");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends {@code total} requests from {@code threads} threads and waits for all of them. */
    static Tally burst(int total, int threads, Supplier<HttpResponse<String>> request) {
        Load load = new Load(threads);
        AtomicInteger left = new AtomicInteger(total);
        for (int i = 0; i < threads; i++) {
            load.workers.add(load.threads.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    load.once(request);
                }
            }));
        }
        return load.stop();
    }

    /** Starts a steady stream of requests from {@code threads} threads, each sending one after the other. */
    static Load steady(int threads, Supplier<HttpResponse<String>> request) {
        Load load = new Load(threads);
        for (int i = 0; i < threads; i++) {
            load.workers.add(load.threads.submit(() -> {
                while (!load.stop.get()) {
                    load.once(request);
                }
            }));
        }
        return load;
    }

    /** What was seen so far. */
    Tally tally() {
        Map<String, Integer> counts = new TreeMap<>();
        byRevision.forEach((revision, count) -> counts.put(revision, count.intValue()));
        synchronized (examples) {
            return new Tally(counts, failures.get(), List.copyOf(examples));
        }
    }

    /** Stops sending, waits for the requests in flight, and returns what was seen. */
    Tally stop() {
        stop.set(true);
        for (Future<?> worker : workers) {
            try {
                worker.get(2, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException("a load thread did not finish", e);
            }
        }
        threads.shutdownNow();
        return tally();
    }

    @Override
    public void close() {
        stop.set(true);
        threads.shutdownNow();
    }

    private void once(Supplier<HttpResponse<String>> request) {
        try {
            HttpResponse<String> response = request.get();
            if (response.statusCode() == 200) {
                byRevision.computeIfAbsent(Gateway.revision(response), r -> new LongAdder()).increment();
            } else {
                fail(response.statusCode() + " from " + Gateway.revision(response) + ": " + response.body());
            }
        } catch (RuntimeException e) {
            fail(e.toString());
        }
    }

    private void fail(String what) {
        failures.incrementAndGet();
        synchronized (examples) {
            if (examples.size() < 10) {
                examples.add(what);
            }
        }
    }
}
