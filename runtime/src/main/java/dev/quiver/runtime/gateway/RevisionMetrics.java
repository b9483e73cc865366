package dev.quiver.runtime.gateway;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Counters of one revision, updated on the request path without locks or allocation: replies by status code,
 * a fixed-bucket duration histogram, and cold starts.
 */
final class RevisionMetrics {

    /** Upper bounds of the duration buckets, seconds (Prometheus' usual latency buckets). */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
        300};
    private static final long[] BUCKET_NANOS = new long[BUCKETS.length];

    static {
        for (int i = 0; i < BUCKETS.length; i++) {
            BUCKET_NANOS[i] = (long) (BUCKETS[i] * 1e9);
        }
    }

    /** Replies by HTTP status code; a flat array keeps recording a single atomic increment. */
    private final AtomicLongArray byCode = new AtomicLongArray(600);
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length + 1);
    private final LongAdder durationNanos = new LongAdder();
    private final LongAdder coldStarts = new LongAdder();
    private final LongAdder coldStartNanos = new LongAdder();
    /** Told the first time each status code is counted, so that its meter is registered once. */
    private volatile IntConsumer firstReply = code -> { };
    /** The cold-start histogram of the registry; cold starts are rare, so it is recorded directly. */
    volatile Timer coldStartTimer;

    /** Records one reply. */
    void record(int status, long nanos) {
        int code = status >= 0 && status < 600 ? status : 0;
        if (byCode.incrementAndGet(code) == 1) {
            firstReply.accept(code);
        }
        int bucket = 0;
        while (bucket < BUCKET_NANOS.length && nanos > BUCKET_NANOS[bucket]) {
            bucket++;
        }
        buckets.incrementAndGet(bucket);
        durationNanos.add(nanos);
    }

    /** Records a cold start that ended with a ready replica. */
    void coldStart(long nanos) {
        coldStarts.increment();
        coldStartNanos.add(nanos);
        Timer timer = coldStartTimer;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Sets what is told the first time each status code is counted. */
    void onFirstReply(IntConsumer listener) {
        this.firstReply = listener;
    }

    long replies(int status) {
        return byCode.get(status);
    }

    long coldStarts() {
        return coldStarts.sum();
    }

    double coldStartSeconds() {
        return coldStartNanos.sum() / 1e9;
    }

    double durationSeconds() {
        return durationNanos.sum() / 1e9;
    }

    /** Observations in bucket i (not cumulative); index BUCKETS.length is the overflow bucket. */
    long bucket(int i) {
        return buckets.get(i);
    }
}
