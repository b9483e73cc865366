package dev.quiver.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.api.rollout.SmokeTestResult;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime's report of a Function's rollout, as the annotation text on its Lease. */
class RolloutReportTest {

    private static final String STEP = "2026-01-01T10:00:00Z";

    @Test
    void aReportReadsBackEqualFromItsText() {
        RolloutReport report = new RolloutReport(Map.of("fn-00002", counts(12), "fn-00001", counts(300)),
                new RolloutReport.SmokeTestRun("fn-00002", STEP, false, "GET /health: expected status 200, got 503"));

        assertThat(RolloutReport.decode(report.encode())).isEqualTo(report);
    }

    @Test
    void theSameReportAlwaysGivesTheSameTextWhateverTheMapOrder() {
        Map<String, RevisionCounts> one = new HashMap<>();
        one.put("fn-00002", counts(1));
        one.put("fn-00001", counts(2));
        Map<String, RevisionCounts> other = new LinkedHashMap<>();
        other.put("fn-00001", counts(2));
        other.put("fn-00002", counts(1));

        String text = new RolloutReport(one, null).encode();

        assertThat(text).isEqualTo(new RolloutReport(other, null).encode())
                .startsWith("{\"counts\":{\"fn-00001\":").doesNotContain("smokeTest");
    }

    @Test
    void noTextOrTextThatDoesNotParseIsNoReport() {
        assertThat(RolloutReport.decode(null)).isNull();
        assertThat(RolloutReport.decode("  ")).isNull();
        assertThat(RolloutReport.decode("{not json")).isNull();
    }

    @Test
    void aReportWithUnknownFieldsOrNoCountsStillReads() {
        RolloutReport report = RolloutReport.decode("{\"smokeTest\":{\"revision\":\"fn-00002\",\"passed\":true},\"later\":1}");

        assertThat(report.counts()).isEmpty();
        assertThat(report.smokeTest().passed()).isTrue();
    }

    @Test
    void aSmokeTestRunIsForTheRevisionAndTheStepItRanIn() {
        RolloutReport.SmokeTestRun run = new RolloutReport.SmokeTestRun("fn-00002", STEP, true, "1 smoke test request passed");

        assertThat(run.isFor("fn-00002", STEP)).isTrue();
        assertThat(run.isFor("fn-00003", STEP)).isFalse();
        assertThat(run.isFor("fn-00002", "2026-01-01T11:00:00Z")).isFalse();
        assertThat(new RolloutReport.SmokeTestRun("fn-00002", null, true, "").isFor("fn-00002", null)).isFalse();
        assertThat(run.result()).isEqualTo(SmokeTestResult.passed(1));
    }

    @Test
    void theLeaseIsNamedAfterTheFunction() {
        assertThat(RolloutReport.leaseName("hello")).isEqualTo("hello-rollout");
    }

    private static RevisionCounts counts(long requests) {
        long[] buckets = Arrays.copyOf(new long[] {requests}, LatencyBuckets.COUNT);
        return RevisionCounts.of(requests, 0, 0, 0, 0, buckets);
    }
}
