package dev.quiver.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.api.rollout.RevisionWindow;
import java.util.ArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Running counts of one revision: added over replicas, and turned into a step's window against a baseline. */
class RevisionCountsTest {

    /** A histogram with these counts in its first buckets. */
    private static long[] buckets(long... first) {
        return Arrays.copyOf(first, LatencyBuckets.COUNT);
    }

    @Test
    void plusAddsEveryTotalAndTheHistogramBucketByBucket() {
        RevisionCounts a = RevisionCounts.of(10, 2, 1, 4, 1, buckets(5, 5));
        RevisionCounts b = RevisionCounts.of(7, 1, 0, 3, 0, buckets(0, 3, 4));

        RevisionCounts sum = a.plus(b);

        assertThat(sum).isEqualTo(RevisionCounts.of(17, 3, 1, 7, 1, buckets(5, 8, 4)));
        assertThat(sum.latency).containsExactly(5L, 8L, 4L);
    }

    @Test
    void sinceTheBaselineCountsOnlyWhatCameAfterIt() {
        long[] before = buckets(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100);
        long[] after = before.clone();
        after[24] = 20;
        RevisionCounts baseline = RevisionCounts.of(100, 1, 0, 10, 0, before);
        RevisionCounts now = RevisionCounts.of(120, 3, 1, 15, 1, after);

        RevisionWindow window = now.since(baseline);

        // The 100 fast requests before the baseline leave the p95: only the 20 slow ones are in the window.
        assertThat(window).isEqualTo(new RevisionWindow(20, 2, 1, 210, 1, 5));
        assertThat(now.since(now)).isEqualTo(RevisionWindow.EMPTY);
    }

    @Test
    void withoutABaselineEverythingCounted() {
        RevisionCounts now = RevisionCounts.of(4, 1, 0, 2, 0, buckets(4));

        assertThat(now.since(null)).isEqualTo(new RevisionWindow(4, 1, 0, 1, 0, 2));
    }

    @Test
    void aCounterBelowItsBaselineCountsAsARestartAndTheCountsThemselvesAreTheWindow() {
        RevisionCounts baseline = RevisionCounts.of(500, 5, 0, 50, 2, buckets(500));
        RevisionCounts afterRestart = RevisionCounts.of(30, 1, 0, 60, 3, buckets(30));

        assertThat(afterRestart.since(baseline)).isEqualTo(new RevisionWindow(30, 1, 0, 1, 3, 60));
    }

    @Test
    void aLatencyBucketBelowItsBaselineAlsoCountsAsARestart() {
        RevisionCounts baseline = RevisionCounts.of(10, 0, 0, 0, 0, buckets(10));
        // Another replica's requests hide the restart in the totals, not in the bucket the restarted one had filled.
        RevisionCounts now = RevisionCounts.of(12, 0, 0, 0, 0, buckets(2, 10));

        assertThat(now.since(baseline).requests()).isEqualTo(12);
    }

    @Test
    void failuresThatLandAfterTheBaselineOfARequestAlreadyCountedNeverExceedTheWindow() {
        // The baseline was read while a failing request was counted but its 5xx not yet; then it lands, and one more
        // request times out: one new request with one new 5xx and one new timeout.
        RevisionCounts baseline = RevisionCounts.of(10, 0, 0, 0, 0, buckets(10));
        RevisionCounts now = RevisionCounts.of(11, 1, 1, 0, 0, buckets(11));

        RevisionWindow window = now.since(baseline);

        assertThat(window.requests()).isEqualTo(1);
        assertThat(window.failures()).isLessThanOrEqualTo(window.requests());
        assertThat(window.errorRate()).isEqualTo(100.0);
    }

    @Test
    void jsonLeavesOutTrailingEmptyBucketsAndReadsBackEqual() throws Exception {
        RevisionCounts counts = RevisionCounts.of(3, 1, 0, 2, 1, buckets(0, 2, 1));

        String json = ApiJson.json().writeValueAsString(counts);
        RevisionCounts read = ApiJson.json().readValue(json, RevisionCounts.class);

        assertThat(json).contains("\"latency\":[0,2,1]");
        assertThat(read).isEqualTo(counts);
        assertThat(read.buckets()).isEqualTo(counts.buckets());
    }

    @Test
    void aHandEditedHistogramWithGapsOrTooManyBucketsStillReads() {
        RevisionCounts counts = new RevisionCounts();
        counts.latency = new ArrayList<>(Arrays.asList(1L, null, 2L));
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            counts.latency.add(7L);
        }

        assertThat(counts.buckets()).hasSize(LatencyBuckets.COUNT).startsWith(1, 0, 2, 7);
    }
}
