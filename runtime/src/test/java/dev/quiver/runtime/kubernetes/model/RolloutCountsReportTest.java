package dev.quiver.runtime.kubernetes.model;

import dev.quiver.api.RevisionCounts;
import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.runtime.platform.RevisionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutCountsReportTest {

    private static final RevisionRef STABLE = new RevisionRef("shop", "orders", "orders-00001");
    private static final RevisionRef CANARY = new RevisionRef("shop", "orders", "orders-00002");
    private static final RevisionRef OTHER = new RevisionRef("team-b", "echo", "echo-00003");
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void encodedCountsDecodeToTheSameCountsWithTheirLatencyHistogram() {
        RolloutCountsReport report = new RolloutCountsReport(Map.of(
                STABLE, counts(100, 2, 1, 7, 1, 0, 40, 60),
                CANARY, counts(10, 0, 0, 0, 0)), NOW);

        RolloutCountsReport decoded = RolloutCountsReport.decode(report.encode(), NOW);

        assertThat(decoded.counts()).isEqualTo(report.counts());
        assertThat(decoded.counts().get(STABLE).latency).containsExactly(0L, 40L, 60L);
        assertThat(decoded.renewed()).isEqualTo(NOW);
    }

    @Test
    void theTextIsOneSortedLinePerRevisionSoThatUnchangedCountsWriteTheSameText() {
        Map<RevisionRef, RevisionCounts> counts = new LinkedHashMap<>();
        counts.put(CANARY, counts(10, 1, 0, 3, 0, 4));
        counts.put(STABLE, counts(5, 0, 0, 0, 0));

        assertThat(new RolloutCountsReport(counts, null).encode()).isEqualTo(
                "shop/orders/orders-00001 requests=5 errors=0 timeouts=0 events=0 deadLetters=0\n"
                        + "shop/orders/orders-00002 requests=10 errors=1 timeouts=0 events=3 deadLetters=0 latency=4\n");
    }

    @Test
    void malformedLinesAndUnknownFieldsAreSkipped() {
        String text = "shop/orders/orders-00001 requests=5 errors=1 retries=9 latency=1,2\n"
                + "nonsense\n"
                + "a/b requests=1\n"
                + "shop/orders/orders-00002 requests=many\n"
                + "shop/orders/orders-00003 requests=-4\n"
                + "\n";

        RolloutCountsReport decoded = RolloutCountsReport.decode(text, NOW);

        assertThat(decoded.counts()).containsOnlyKeys(STABLE);
        assertThat(decoded.counts().get(STABLE).requests).isEqualTo(5);
        assertThat(decoded.counts().get(STABLE).errors).isEqualTo(1);
        assertThat(decoded.counts().get(STABLE).latency).containsExactly(1L, 2L);
        assertThat(RolloutCountsReport.decode(null, NOW).counts()).isEmpty();
    }

    @Test
    void aHistogramLongerThanTheBucketsIsCutToThem() {
        String longer = "1,".repeat(LatencyBuckets.COUNT + 5) + "1";
        RolloutCountsReport decoded = RolloutCountsReport.decode("shop/orders/orders-00001 latency=" + longer, NOW);
        assertThat(decoded.counts().get(STABLE).latency).hasSize(LatencyBuckets.COUNT);
    }

    @Test
    void totalAddsTheFreshReportsOfEveryReplicaPerRevisionAndLeavesStaleOnesOut() {
        RolloutCountsReport a = new RolloutCountsReport(Map.of(STABLE, counts(100, 2, 1, 0, 0, 10, 90),
                CANARY, counts(10, 1, 0, 4, 1, 10)), NOW.minusSeconds(2));
        RolloutCountsReport b = new RolloutCountsReport(Map.of(CANARY, counts(5, 0, 1, 2, 0, 0, 5)), NOW.minusSeconds(30));
        RolloutCountsReport stale = new RolloutCountsReport(Map.of(CANARY, counts(1000, 1000, 0, 0, 0)),
                NOW.minusSeconds(31));
        RolloutCountsReport neverRenewed = new RolloutCountsReport(Map.of(CANARY, counts(7, 7, 0, 0, 0)), null);

        Map<RevisionRef, RevisionCounts> total = RolloutCountsReport.total(List.of(a, b, stale, neverRenewed), NOW,
                Duration.ofSeconds(30));

        assertThat(total).containsOnlyKeys(STABLE, CANARY);
        assertThat(total.get(STABLE)).isEqualTo(counts(100, 2, 1, 0, 0, 10, 90));
        assertThat(total.get(CANARY)).isEqualTo(counts(15, 1, 1, 6, 1, 10, 5));
    }

    @Test
    void onlyKeepsTheWantedFunctionsAndOfFunctionNamesTheirRevisions() {
        Map<RevisionRef, RevisionCounts> all = Map.of(STABLE, counts(1, 0, 0, 0, 0), CANARY, counts(2, 0, 0, 0, 0),
                OTHER, counts(3, 0, 0, 0, 0));

        Map<RevisionRef, RevisionCounts> kept = RolloutCountsReport.only(all,
                (namespace, function) -> namespace.equals("shop") && function.equals("orders"));

        assertThat(kept).containsOnlyKeys(STABLE, CANARY);
        assertThat(RolloutCountsReport.ofFunction(all, "shop", "orders")).containsOnlyKeys("orders-00001", "orders-00002");
        assertThat(RolloutCountsReport.ofFunction(all, "shop", "echo")).isEmpty();
    }

    private static RevisionCounts counts(long requests, long errors, long timeouts, long events, long deadLetters,
            long... latency) {
        long[] buckets = new long[LatencyBuckets.COUNT];
        System.arraycopy(latency, 0, buckets, 0, latency.length);
        return RevisionCounts.of(requests, errors, timeouts, events, deadLetters, buckets);
    }
}
