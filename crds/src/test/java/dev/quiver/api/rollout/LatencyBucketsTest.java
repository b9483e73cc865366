package dev.quiver.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The fixed ×1.25 latency buckets: where a latency lands, the p95 they give back, and how they add up. */
class LatencyBucketsTest {

    private static final long MS = 1_000_000;

    @Test
    void eachUpperBoundBelongsToItsOwnBucketAndOneNanosecondMoreToTheNext() {
        assertThat(LatencyBuckets.index(0)).isZero();
        assertThat(LatencyBuckets.index(MS)).isZero();
        assertThat(LatencyBuckets.index(MS + 1)).isEqualTo(1);
        assertThat(LatencyBuckets.index(1_250_000)).isEqualTo(1);
        assertThat(LatencyBuckets.index(1_250_001)).isEqualTo(2);
        assertThat(LatencyBuckets.upperNanos(2)).isEqualTo(1_562_500);
    }

    @Test
    void boundsGrowByAQuarterFromOneMillisecondToAboutTwoAndAHalfMinutes() {
        for (int i = 1; i < LatencyBuckets.COUNT - 1; i++) {
            assertThat((double) LatencyBuckets.upperNanos(i) / LatencyBuckets.upperNanos(i - 1)).isCloseTo(1.25,
                    within(0.0001));
        }
        assertThat(LatencyBuckets.upperNanos(LatencyBuckets.COUNT - 2) / MS).isBetween(130_000L, 140_000L);
    }

    @Test
    void latencyPastTheLastBoundLandsInTheOverflowBucket() {
        long last = LatencyBuckets.upperNanos(LatencyBuckets.COUNT - 2);

        assertThat(LatencyBuckets.index(last)).isEqualTo(LatencyBuckets.COUNT - 2);
        assertThat(LatencyBuckets.index(last + 1)).isEqualTo(LatencyBuckets.COUNT - 1);
        assertThat(LatencyBuckets.index(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.COUNT - 1);
    }

    @Test
    void overflowCountsAsTheLastBoundForThePercentile() {
        long[] buckets = new long[LatencyBuckets.COUNT];
        buckets[LatencyBuckets.COUNT - 1] = 10;

        assertThat(LatencyBuckets.p95Millis(buckets))
                .isEqualTo((long) Math.ceil(LatencyBuckets.upperNanos(LatencyBuckets.COUNT - 2) / 1e6))
                .isEqualTo(136_846);
    }

    @Test
    void emptyHistogramHasAP95OfZero() {
        assertThat(LatencyBuckets.p95Millis(new long[LatencyBuckets.COUNT])).isZero();
        assertThat(LatencyBuckets.p95Millis(new long[0])).isZero();
    }

    @Test
    void p95IsInterpolatedLinearlyInsideItsBucket() {
        // 90 fast requests, then 10 in (169.4 ms, 211.8 ms]: the 95th of 100 is the 5th of those 10, halfway in.
        long[] buckets = new long[LatencyBuckets.COUNT];
        buckets[10] = 90;
        buckets[24] = 10;

        assertThat(LatencyBuckets.p95Millis(buckets)).isEqualTo(191);
    }

    @Test
    void p95AtTheTopOfABucketIsItsUpperBoundAndTheTailBeyondDoesNotMoveIt() {
        long[] buckets = new long[LatencyBuckets.COUNT];
        buckets[0] = 95;
        buckets[30] = 5;

        assertThat(LatencyBuckets.p95Millis(buckets)).isEqualTo(1);
    }

    @Test
    void aRevisionOneAndAHalfTimesSlowerIsDistinguishableAtAFewMilliseconds() {
        long stable = p95Of(uniformAround(3 * MS, 1.0));
        long slower = p95Of(uniformAround(3 * MS, 1.5));
        long alike = p95Of(uniformAround(3 * MS, 1.05));

        assertThat(stable).isEqualTo(5);
        assertThat(slower).isEqualTo(8);
        assertThat((double) slower / stable).isGreaterThan(1.5);
        assertThat((double) alike / stable).isLessThan(1.5);
        // Even one constant latency, the worst case for buckets: 2 ms against 3 ms stays apart.
        assertThat(p95Of(LongStream.generate(() -> 2 * MS).limit(100).toArray()))
                .isLessThan(p95Of(LongStream.generate(() -> 3 * MS).limit(100).toArray()));
    }

    @Test
    void aRevisionOneAndAHalfTimesSlowerIsDistinguishableAtAFewHundredMilliseconds() {
        long stable = p95Of(uniformAround(200 * MS, 1.0));
        long slower = p95Of(uniformAround(200 * MS, 1.5));
        long alike = p95Of(uniformAround(200 * MS, 1.1));

        assertThat((double) slower / stable).isGreaterThan(1.5);
        assertThat((double) alike / stable).isLessThan(1.5);
        assertThat((double) p95Of(LongStream.generate(() -> 300 * MS).limit(100).toArray())
                / p95Of(LongStream.generate(() -> 200 * MS).limit(100).toArray())).isGreaterThan(1.5);
    }

    @Test
    void histogramsAddAndSubtractPerBucketNeverBelowZero() {
        long[] a = {1, 2, 3};
        long[] b = {5, 1};

        assertThat(LatencyBuckets.add(a, b)).hasSize(LatencyBuckets.COUNT).startsWith(6, 3, 3, 0);
        assertThat(LatencyBuckets.subtract(a, b)).hasSize(LatencyBuckets.COUNT).startsWith(0, 1, 3, 0);
        assertThat(LatencyBuckets.anyBelow(a, b)).isTrue();
        assertThat(LatencyBuckets.anyBelow(LatencyBuckets.add(a, b), b)).isFalse();
    }

    @Test
    void trimmedLeavesOutOnlyTrailingEmptyBuckets() {
        assertThat(LatencyBuckets.trimmed(new long[] {0, 4, 0, 2, 0, 0})).containsExactly(0L, 4L, 0L, 2L);
        assertThat(LatencyBuckets.trimmed(new long[LatencyBuckets.COUNT])).isEmpty();
    }

    /** 100 latencies spread evenly from half to one and a half times {@code center}, all times {@code factor}. */
    private static long[] uniformAround(long center, double factor) {
        return LongStream.range(0, 100).map(i -> Math.round(center * (0.5 + i / 100.0) * factor)).toArray();
    }

    private static long p95Of(long[] latencies) {
        long[] buckets = new long[LatencyBuckets.COUNT];
        for (long nanos : latencies) {
            buckets[LatencyBuckets.index(nanos)]++;
        }
        return LatencyBuckets.p95Millis(buckets);
    }
}
