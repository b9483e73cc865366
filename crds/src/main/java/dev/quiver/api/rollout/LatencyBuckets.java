package dev.quiver.api.rollout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed latency buckets a rollout judges p95 by: upper bounds from 1 ms growing by a quarter each (1, 1.25,
 * 1.56 … ms) up to about 137 s, then one bucket for everything longer. Fine enough that two revisions a few percent
 * apart land in different buckets, where Prometheus' usual buckets (×2–2.5) would make a 1.5 × limit a coin toss;
 * fixed, so that the counts of every runtime replica add up.
 */
public final class LatencyBuckets {

    private static final double GROWTH = 1.25;
    private static final int BOUNDED = 54;
    /** How many buckets a histogram has: the bounded ones and the overflow. */
    public static final int COUNT = BOUNDED + 1;
    private static final long[] UPPER_NANOS = new long[BOUNDED];

    static {
        for (int i = 0; i < BOUNDED; i++) {
            UPPER_NANOS[i] = Math.round(1_000_000 * Math.pow(GROWTH, i));
        }
    }

    private LatencyBuckets() {
    }

    /** The bucket a latency falls in: the first whose upper bound it does not exceed. */
    public static int index(long nanos) {
        int found = Arrays.binarySearch(UPPER_NANOS, nanos);
        return found >= 0 ? found : -found - 1;
    }

    /** The upper bound of a bounded bucket, in nanoseconds. */
    static long upperNanos(int index) {
        return UPPER_NANOS[index];
    }

    /**
     * The 95th percentile of a histogram, in milliseconds rounded up, interpolated linearly inside its bucket; 0 for
     * an empty histogram; a latency past the last bound counts as that bound.
     */
    public static long p95Millis(long[] buckets) {
        long total = 0;
        for (long count : buckets) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(0.95 * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] > 0 && seen + buckets[i] >= rank) {
                if (i >= BOUNDED) {
                    return (long) Math.ceil(UPPER_NANOS[BOUNDED - 1] / 1e6);
                }
                double lower = i == 0 ? 0 : UPPER_NANOS[i - 1];
                double within = (double) (rank - seen) / buckets[i];
                return (long) Math.ceil((lower + within * (UPPER_NANOS[i] - lower)) / 1e6);
            }
            seen += buckets[i];
        }
        return (long) Math.ceil(UPPER_NANOS[BOUNDED - 1] / 1e6);
    }

    /** Two histograms added. */
    public static long[] add(long[] a, long[] b) {
        long[] sum = new long[COUNT];
        for (int i = 0; i < COUNT; i++) {
            sum[i] = at(a, i) + at(b, i);
        }
        return sum;
    }

    /** {@code a - b} per bucket, never below zero. */
    public static long[] subtract(long[] a, long[] b) {
        long[] difference = new long[COUNT];
        for (int i = 0; i < COUNT; i++) {
            difference[i] = Math.max(0, at(a, i) - at(b, i));
        }
        return difference;
    }

    /** Whether any bucket of {@code a} is below the same bucket of {@code b}. */
    public static boolean anyBelow(long[] a, long[] b) {
        for (int i = 0; i < COUNT; i++) {
            if (at(a, i) < at(b, i)) {
                return true;
            }
        }
        return false;
    }

    /** The histogram as a list without its trailing empty buckets, for a compact status or report. */
    public static List<Long> trimmed(long[] buckets) {
        int end = buckets.length;
        while (end > 0 && buckets[end - 1] == 0) {
            end--;
        }
        List<Long> list = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            list.add(buckets[i]);
        }
        return list;
    }

    private static long at(long[] buckets, int i) {
        return i < buckets.length ? buckets[i] : 0;
    }
}
