package dev.quiver.runtime.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Averages of a sampled value over trailing time windows, kept in one-second buckets.
 *
 * <p>Memory is bounded: a ring of as many buckets as the longest window has seconds. A bucket holds the mean of
 * the samples taken in its second, so sampling more often than once a second does not inflate the value. A
 * second without a sample counts as zero, as in Knative: the sampler runs every second, so a missing second
 * means nobody was there to count. A window that started before the first sample is averaged over the seconds
 * since that sample only, so a fresh series is not diluted by seconds nobody observed.
 *
 * <p>Not thread-safe; {@link Autoscaler} guards it.
 */
final class WindowedAverage {

    private final double[] sums;
    private final int[] counts;
    private final long[] seconds;
    private long firstSecond = Long.MIN_VALUE;

    /** A series able to average over windows up to {@code longestWindow}. */
    WindowedAverage(Duration longestWindow) {
        int buckets = bucketsOf(longestWindow);
        sums = new double[buckets];
        counts = new int[buckets];
        seconds = new long[buckets];
        Arrays.fill(seconds, Long.MIN_VALUE);
    }

    /** How many one-second buckets a window spans, at least one; a partial second counts as a whole one. */
    static int bucketsOf(Duration window) {
        long millis = window.toMillis();
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    /** Adds a sample taken at {@code at}; a sample older than what its bucket now holds is dropped. */
    void record(Instant at, double value) {
        long second = at.getEpochSecond();
        int index = indexOf(second);
        if (seconds[index] > second) {
            return;
        }
        if (seconds[index] != second) {
            seconds[index] = second;
            sums[index] = 0;
            counts[index] = 0;
        }
        sums[index] += value;
        counts[index]++;
        if (firstSecond == Long.MIN_VALUE || second < firstSecond) {
            firstSecond = second;
        }
    }

    /** The average over the {@code window} ending at {@code now} (inclusive), 0 when nothing was ever sampled. */
    double average(Instant now, Duration window) {
        if (firstSecond == Long.MIN_VALUE) {
            return 0;
        }
        long nowSecond = now.getEpochSecond();
        int buckets = Math.min(bucketsOf(window), sums.length);
        long observed = Math.max(1, nowSecond - firstSecond + 1);
        long denominator = Math.min(buckets, observed);
        double total = 0;
        for (long second = nowSecond - buckets + 1; second <= nowSecond; second++) {
            int index = indexOf(second);
            if (seconds[index] == second) {
                total += sums[index] / counts[index];
            }
        }
        return total / denominator;
    }

    private int indexOf(long second) {
        return (int) Math.floorMod(second, (long) sums.length);
    }
}
