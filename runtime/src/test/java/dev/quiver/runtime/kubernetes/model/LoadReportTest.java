package dev.quiver.runtime.kubernetes.model;

import dev.quiver.runtime.platform.RevisionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadReportTest {

    private static final RevisionRef HELLO = new RevisionRef("team-a", "hello", "hello-00001");
    private static final RevisionRef ECHO = new RevisionRef("team-b", "echo", "echo-00003");
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void encodedReportDecodesToTheSameCountsWithoutZeros() {
        LoadReport report = new LoadReport(Map.of(HELLO, 3, ECHO, 0), NOW);
        LoadReport decoded = LoadReport.decode(report.encode(), NOW);
        assertThat(decoded.concurrency()).containsExactly(Map.entry(HELLO, 3));
    }

    @Test
    void totalAddsFreshReportsAndLeavesStaleOnesOut() {
        LoadReport a = new LoadReport(Map.of(HELLO, 3, ECHO, 1), NOW.minusSeconds(2));
        LoadReport b = new LoadReport(Map.of(HELLO, 4), NOW.minusSeconds(5));
        LoadReport stale = new LoadReport(Map.of(HELLO, 100), NOW.minusSeconds(60));
        assertThat(LoadReport.total(List.of(a, b, stale), NOW, Duration.ofSeconds(30)))
                .containsOnly(Map.entry(HELLO, 7), Map.entry(ECHO, 1));
    }

    @Test
    void malformedLinesAreSkipped() {
        LoadReport decoded = LoadReport.decode("team-a/hello/hello-00001=2\nnonsense\na/b=1\nx/y/z=many\n", NOW);
        assertThat(decoded.concurrency()).containsExactly(Map.entry(HELLO, 2));
    }

    @Test
    void liveReplicasAreTheFreshReportersAndThisOneSortedByName() {
        Map<String, Instant> renewed = new HashMap<>();
        renewed.put("runtime-c", NOW.minusSeconds(5));
        renewed.put("runtime-a", NOW.minusSeconds(29));
        renewed.put("runtime-gone", NOW.minusSeconds(31));

        assertThat(LoadReport.liveReplicas(renewed, "runtime-b", NOW, Duration.ofSeconds(30)))
                .containsExactly("runtime-a", "runtime-b", "runtime-c");
    }
}
