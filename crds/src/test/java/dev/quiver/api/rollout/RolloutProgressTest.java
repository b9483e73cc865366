package dev.quiver.api.rollout;

import static dev.quiver.api.testing.Rollouts.blueGreen;
import static dev.quiver.api.testing.Rollouts.canary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quiver.api.ApiJson;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One driver pass at a time, as the local runtime and the controller make them, with the gateway's running counts. */
class RolloutProgressTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void noReadyRevisionGivesNothingToDo() {
        assertThat(RolloutProgress.advance(RolloutPlan.of(canary()), null,
                new RolloutProgress.Inputs(null, null, Map.of(), null, null, RolloutRun.T0))).isNull();
    }

    @Test
    void theFirstRevisionTakesAllTheTrafficAtOnce() {
        Driver driver = new Driver(canary());

        RolloutOutcome outcome = driver.pass("fn-00001", null);

        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.status().phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(outcome.status().stableRevision).isNull();
        assertThat(outcome.split().targets()).extracting(t -> t.revisionName, t -> t.percent)
                .containsExactly(tuple("fn-00001", 100));
        assertThat(outcome.status().baseline).isNotNull();
    }

    @Test
    void aSecondReadyRevisionStartsARolloutAgainstTheServingOneMeasuredFromTheCountsThen() {
        Driver driver = new Driver(canary());
        driver.pass("fn-00001", null);
        driver.count("fn-00001", counts(500, 2, 500)).count("fn-00002", counts(3, 0, 3));

        RolloutStatus status = driver.pass("fn-00002", "fn-00001").status();

        assertThat(status.phase).isEqualTo(RolloutPhase.Progressing);
        assertThat(status.revision).isEqualTo("fn-00002");
        assertThat(status.stableRevision).isEqualTo("fn-00001");
        assertThat(status.currentWeight).isEqualTo(10);
        assertThat(status.baseline.revision).isEqualTo(counts(3, 0, 3));
        assertThat(status.baseline.stable).isEqualTo(counts(500, 2, 500));
    }

    @Test
    void aStepIsJudgedOnTheCountsSinceItsBaselineNotOnTheRunningTotals() {
        // Before the rollout the new revision failed all 50 of its requests (say, by its tag); then 100 healthy ones.
        Driver driver = rolloutOfTheSecondRevisionAfter(counts(50, 50, 50), counts(500, 2, 500));
        driver.count("fn-00002", counts(150, 50, 150)).count("fn-00001", counts(1400, 2, 1400));

        RolloutOutcome outcome = driver.elapse(MINUTE).pass("fn-00002", "fn-00002");

        assertThat(outcome.status().currentWeight).isEqualTo(25);
        assertThat(outcome.status().decisions).extracting(d -> d.verdict, d -> d.measurement.requests)
                .containsExactly(tuple(RolloutVerdict.Passed, 100L));
    }

    @Test
    void aNewStepIsMeasuredFromTheCountsWhenItBegan() {
        Driver driver = rolloutOfTheSecondRevisionAfter(counts(50, 50, 50), counts(500, 2, 500));
        driver.count("fn-00002", counts(150, 50, 150)).count("fn-00001", counts(1400, 2, 1400));
        RolloutStatus secondStep = driver.elapse(MINUTE).pass("fn-00002", "fn-00002").status();
        driver.count("fn-00002", counts(155, 50, 155));

        RolloutOutcome later = driver.elapse(MINUTE).pass("fn-00002", "fn-00002");

        assertThat(secondStep.baseline.revision).isEqualTo(counts(150, 50, 150));
        assertThat(secondStep.baseline.stable).isEqualTo(counts(1400, 2, 1400));
        assertThat(later.status().currentWeight).isEqualTo(25);
        assertThat(later.reason()).isEqualTo("step 2 of 4 (25 %): pause over, waiting for requests: 5 of 20 "
                + "invocations since the step began");
    }

    @Test
    void aRestartedRuntimeDoesNotFailTheStepWithNegativeCounts() {
        Driver driver = rolloutOfTheSecondRevision(canary());
        driver.count("fn-00002", counts(30, 0, 30)).count("fn-00001", counts(270, 0, 270));

        RolloutOutcome outcome = driver.elapse(MINUTE).pass("fn-00002", "fn-00002");

        assertThat(outcome.status().currentWeight).isEqualTo(25);
        assertThat(outcome.status().decisions.get(0).measurement.requests).isEqualTo(30L);
    }

    @Test
    void aPromoteIsActedOnOnceAndRecordedInTheStatus() {
        Driver driver = rolloutOfTheSecondRevision(canary());
        String promote = RolloutProgress.Command.text("promote", "fn-00002", "id-1");

        RolloutOutcome promoted = driver.command(promote).pass("fn-00002", "fn-00002");
        RolloutOutcome again = driver.elapse(MINUTE).pass("fn-00002", "fn-00002");

        assertThat(promoted.status().phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(promoted.split().weight()).isEqualTo(100);
        assertThat(promoted.status().command).isEqualTo(promote);
        assertThat(again.changed()).isFalse();
        assertThat(again.status().decisions).extracting(d -> d.verdict).containsExactly(RolloutVerdict.Promoted);
    }

    @Test
    void anAbortGivesTheStableRevisionEverythingAndIsActedOnOnce() {
        Driver driver = rolloutOfTheSecondRevision(canary());
        String abort = RolloutProgress.Command.text("abort", "fn-00002", "id-2");

        RolloutOutcome aborted = driver.command(abort).pass("fn-00002", "fn-00002");
        RolloutOutcome again = driver.pass("fn-00002", "fn-00002");

        assertThat(aborted.status().phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(aborted.split().stableWeight()).isEqualTo(100);
        assertThat(aborted.status().command).isEqualTo(abort);
        assertThat(again.changed()).isFalse();
        assertThat(again.status().decisions).extracting(d -> d.verdict).containsExactly(RolloutVerdict.Aborted);
    }

    @Test
    void aCommandForAnotherRevisionIsIgnoredWithAReasonAndRecorded() {
        Driver driver = rolloutOfTheSecondRevision(canary());
        String stale = RolloutProgress.Command.text("promote", "fn-00001", "id-3");

        RolloutOutcome outcome = driver.command(stale).pass("fn-00002", "fn-00002");

        assertThat(outcome.reason()).isEqualTo("ignored promote of fn-00001: the rollout is of fn-00002");
        assertThat(outcome.status().phase).isEqualTo(RolloutPhase.Progressing);
        assertThat(outcome.status().currentWeight).isEqualTo(10);
        assertThat(outcome.status().decisions).isEmpty();
        assertThat(outcome.status().command).isEqualTo(stale);
        assertThat(outcome.changed()).isTrue();
    }

    @Test
    void aCommandThatIsNeitherPromoteNorAbortIsIgnoredWithAReason() {
        Driver driver = rolloutOfTheSecondRevision(canary());

        RolloutOutcome outcome = driver.command("restart fn-00002 id-4").pass("fn-00002", "fn-00002");

        assertThat(outcome.reason()).isEqualTo("ignored the command 'restart fn-00002 id-4': it is neither promote nor abort");
        assertThat(outcome.status().currentWeight).isEqualTo(10);
    }

    @Test
    void aPassingSmokeTestMovesBlueGreenFromSmokeTestingToAllTraffic() {
        Driver driver = rolloutOfTheSecondRevision(blueGreen());
        assertThat(driver.status.phase).isEqualTo(RolloutPhase.SmokeTesting);

        RolloutOutcome outcome = driver.smokeTest(SmokeTestResult.passed(1)).pass("fn-00002", "fn-00002");

        assertThat(outcome.status().phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(outcome.split().weight()).isEqualTo(100);
    }

    @Test
    void aFailingSmokeTestLeavesTheNewRevisionWithoutTraffic() {
        Driver driver = rolloutOfTheSecondRevision(blueGreen());

        RolloutOutcome outcome = driver.smokeTest(SmokeTestResult.failed("GET /health: expected status 200, got 500"))
                .pass("fn-00002", "fn-00002");

        assertThat(outcome.status().phase).isEqualTo(RolloutPhase.SmokeTestFailed);
        assertThat(outcome.split().weight()).isZero();
    }

    @Test
    void aNewerReadyRevisionSupersedesTheRolloutAgainstTheSameStableRevision() {
        Driver driver = rolloutOfTheSecondRevision(canary());
        driver.count("fn-00001", counts(900, 0, 900)).count("fn-00002", counts(100, 0, 100));

        RolloutStatus status = driver.elapse(MINUTE).pass("fn-00003", "fn-00002").status();

        assertThat(status.revision).isEqualTo("fn-00003");
        assertThat(status.stableRevision).isEqualTo("fn-00001");
        assertThat(status.currentWeight).isEqualTo(10);
        assertThat(status.decisions).extracting(d -> d.verdict).containsExactly(RolloutVerdict.Superseded);
        assertThat(status.baseline.revision).isEqualTo(RevisionCounts.none());
        assertThat(status.baseline.stable).isEqualTo(counts(900, 0, 900));
    }

    @Test
    void theLastCommandIsKeptWhenANewRolloutBeginsSoItIsNotActedOnAgain() {
        Driver driver = rolloutOfTheSecondRevision(canary());
        String promote = RolloutProgress.Command.text("promote", "fn-00002", "id-5");
        driver.command(promote).pass("fn-00002", "fn-00002");

        RolloutOutcome third = driver.elapse(MINUTE).pass("fn-00003", "fn-00002");
        RolloutOutcome next = driver.pass("fn-00003", "fn-00003");

        assertThat(third.status().command).isEqualTo(promote);
        assertThat(third.status().stableRevision).isEqualTo("fn-00002");
        assertThat(next.status().phase).isEqualTo(RolloutPhase.Progressing);
        assertThat(next.status().currentWeight).isEqualTo(10);
        assertThat(next.status().decisions).isEmpty();
    }

    @Test
    void aStatusWithoutABaselineGetsOneFromTheCountsNow() {
        Driver driver = rolloutOfTheSecondRevision(canary());
        driver.status.baseline = null;
        driver.count("fn-00002", counts(5, 0, 5));

        RolloutOutcome outcome = driver.pass("fn-00002", "fn-00002");

        assertThat(outcome.status().baseline.revision).isEqualTo(counts(5, 0, 5));
        assertThat(outcome.changed()).isTrue();
    }

    /** A rollout of fn-00002 against fn-00001 just started, with nothing counted. */
    private static Driver rolloutOfTheSecondRevision(RolloutSpec spec) {
        Driver driver = new Driver(spec);
        driver.pass("fn-00001", null);
        driver.pass("fn-00002", "fn-00001");
        return driver;
    }

    /** A rollout of fn-00002 against fn-00001 just started, with these running counts of each then. */
    private static Driver rolloutOfTheSecondRevisionAfter(RevisionCounts revision, RevisionCounts stable) {
        Driver driver = new Driver(canary());
        driver.pass("fn-00001", null);
        driver.count("fn-00002", revision).count("fn-00001", stable);
        driver.pass("fn-00002", "fn-00001");
        return driver;
    }

    /** Running counts of healthy requests at 1 ms, some of them 5xx. */
    private static RevisionCounts counts(long requests, long errors, long fast) {
        long[] buckets = new long[LatencyBuckets.COUNT];
        buckets[0] = fast;
        return RevisionCounts.of(requests, errors, 0, 0, 0, buckets);
    }

    /** Keeps the status between passes and checks that each pass leaves the status it was given unchanged. */
    private static final class Driver {
        private final RolloutPlan plan;
        private final Map<String, RevisionCounts> counts = new HashMap<>();
        private RolloutStatus status;
        private Instant now = RolloutRun.T0;
        private String command;
        private SmokeTestResult smokeTest;

        Driver(RolloutSpec spec) {
            this.plan = RolloutPlan.of(spec);
        }

        Driver count(String revision, RevisionCounts running) {
            counts.put(revision, running);
            return this;
        }

        Driver elapse(Duration duration) {
            now = now.plus(duration);
            return this;
        }

        Driver command(String text) {
            command = text;
            return this;
        }

        Driver smokeTest(SmokeTestResult result) {
            smokeTest = result;
            return this;
        }

        RolloutOutcome pass(String latestReady, String serving) {
            RolloutStatus before = status == null ? null : ApiJson.copy(status, RolloutStatus.class);
            RolloutOutcome outcome = RolloutProgress.advance(plan, status,
                    new RolloutProgress.Inputs(latestReady, serving, counts, smokeTest, command, now));
            assertThat(status).as("the status the pass was given").isEqualTo(before);
            status = outcome.status();
            return outcome;
        }
    }
}
