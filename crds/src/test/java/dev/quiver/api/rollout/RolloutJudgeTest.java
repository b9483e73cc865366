package dev.quiver.api.rollout;

import dev.quiver.api.testing.Rollouts;
import static dev.quiver.api.testing.Rollouts.analysis;
import static dev.quiver.api.testing.Rollouts.canary;
import static dev.quiver.api.testing.Rollouts.idle;
import static dev.quiver.api.testing.Rollouts.served;
import static dev.quiver.api.testing.Rollouts.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutFailurePolicy;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutVerdict;
import dev.quiver.api.TrafficTarget;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The canary state machine, step by step on a fake clock, with windows as the gateway would report them. */
class RolloutJudgeTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @Test
    void aGoodRevisionWalksEveryStepTo100() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001");
        IntStream.range(0, 3).forEach(i -> run.healthyStep(MINUTE));

        assertThat(run.weights()).containsExactly(10, 25, 50, 100);
        assertThat(run.status().phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(run.split()).isEqualTo(new TrafficSplit("fn-00002", 100, "fn-00001"));
        assertThat(run.status().decisions).extracting(d -> d.verdict, d -> d.weight)
                .containsExactly(tuple(RolloutVerdict.Passed, 10), tuple(RolloutVerdict.Passed, 25), tuple(RolloutVerdict.Passed, 50));
        assertThat(run.status().decisions.get(1).measurement.requests).isEqualTo(100L);
        assertThat(run.status().decisions.get(1).message).isEqualTo("error rate 0.0 % ≤ 1 % over 100 requests, p95 100 ms "
                + "is 1 × the stable revision's 100 ms ≤ 1.5 × at step 2 of 4 (25 %)");
        assertThat(run.reason()).isEqualTo("step 3 of 4 (50 %) passed: error rate 0.0 % ≤ 1 % over 100 requests, p95 100 ms "
                + "is 1 × the stable revision's 100 ms ≤ 1.5 ×; fn-00002 has 100 %");
    }

    @Test
    void aRevisionReturningFivePercent500sIsRolledBackWithinOneStep() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001")
                .elapse(INTERVAL).observe(served(400).errors(20), served(3600));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(run.weights()).containsExactly(10, 0);
        assertThat(run.split().targets()).containsExactly(
                TrafficTarget.revision("fn-00001", 100).withTag(TrafficSplit.STABLE_TAG),
                TrafficTarget.revision("fn-00002", 0).withTag(TrafficSplit.CANARY_TAG));
        RolloutDecision failed = run.status().decisions.get(0);
        assertThat(failed.verdict).isEqualTo(RolloutVerdict.Failed);
        assertThat(failed.measurement.errorRate).isEqualTo(5.0);
        assertThat(failed.message).isEqualTo("error rate 5.0 % > 1 % over 400 requests (20 5xx, 0 timeouts) at step 1 of 4 (10 %)");
        assertThat(run.reason()).isEqualTo("rolled back: " + failed.message + "; fn-00001 has 100 %");
    }

    @Test
    void timeoutsCountAsFailures() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001")
                .elapse(INTERVAL).observe(served(100).timeouts(3), served(900));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(run.reason()).contains("error rate 3.0 % > 1 % over 100 requests (0 5xx, 3 timeouts)");
    }

    @Test
    void failuresAlreadyOverTheLimitForTheStepsMinimumRollBackBeforeItIsReached() {
        RolloutRun run = RolloutRun.of(canary(s -> s.analysis = analysis(a -> a.minRequests = 100)))
                .start("fn-00002", "fn-00001").elapse(INTERVAL).observe(served(5).errors(2), served(45));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(run.reason()).contains("error rate 40.0 % > 1 % over 5 requests (2 5xx, 0 timeouts), "
                + "already over the limit for the 100 a step needs");
    }

    @Test
    void aFailureThatTheRestOfTheStepCanStillDiluteWaits() {
        RolloutRun run = RolloutRun.of(canary(s -> s.analysis = analysis(a -> a.minRequests = 100)))
                .start("fn-00002", "fn-00001").elapse(MINUTE).observe(served(50).errors(1), served(450));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.Progressing);
        assertThat(run.split().weight()).isEqualTo(10);
        assertThat(run.reason()).isEqualTo("step 1 of 4 (10 %): pause over, waiting for requests: 50 of 100 invocations since the step began");
    }

    @Test
    void tooFewRequestsHoldsTheStepAndSaysWhy() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001")
                .elapse(Duration.ofMinutes(5)).observe(served(12), served(108));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.Progressing);
        assertThat(run.status().step).isEqualTo(1);
        assertThat(run.split().weight()).isEqualTo(10);
        assertThat(run.status().decisions).isEmpty();
        assertThat(run.status().lastAnalysis.requests).isEqualTo(12L);
        assertThat(run.status().message).isEqualTo("step 1 of 4 (10 %): pause over, waiting for requests: 12 of 20 invocations since the step began");
    }

    @Test
    void aStepHoldsUntilItsPauseIsOverEvenWithEnoughGoodRequests() {
        RolloutRun run = RolloutRun.of(canary(s -> s.steps.addAll(List.of(step(20, "2m"), step(60, "2m")))))
                .start("fn-00002", "fn-00001").elapse(Duration.ofSeconds(90)).observe(served(500), served(2000));

        assertThat(run.status().step).isEqualTo(1);
        assertThat(run.split().weight()).isEqualTo(20);
        assertThat(run.reason()).startsWith("step 1 of 3 (20 %) holds for 30s more; so far error rate 0.0 % ≤ 1 % over 500 requests");

        run.elapse(INTERVAL).observe(served(600), served(2400));

        assertThat(run.weights()).containsExactly(20, 60);
    }

    @Test
    void aSlowRevisionIsRolledBackOnItsLatencyRatio() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001")
                .elapse(INTERVAL).observe(served(100).p95(300), served(900).p95(120));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(run.status().lastAnalysis.stableP95Millis).isEqualTo(120L);
        assertThat(run.reason()).isEqualTo("rolled back: p95 300 ms is 2.5 × the stable revision's 120 ms > 1.5 × over "
                + "100 requests at step 1 of 4 (10 %); fn-00001 has 100 %");
    }

    @Test
    void latencyIsNotComparedWhileTheStableRevisionServesNothing() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001")
                .elapse(MINUTE).observe(served(100).p95(900), idle());

        assertThat(run.weights()).containsExactly(10, 25);
        assertThat(run.status().decisions.get(0).message)
                .contains("p95 900 ms not compared: the stable revision served no requests");
    }

    @Test
    void deadLettersOverTheLimitRollBackAnEventConsumer() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001")
                .elapse(INTERVAL).observe(served(0).events(200, 6), idle().events(1800, 2));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(run.status().lastAnalysis.deadLetterRate).isEqualTo(3.0);
        assertThat(run.reason()).contains("dead-letter rate 3.0 % > 1 % over 200 events at step 1 of 4 (10 %)");
    }

    @Test
    void anEventConsumerAdvancesOnItsEventsAlone() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001")
                .elapse(MINUTE).observe(served(0).events(40, 0), idle().events(360, 0));

        assertThat(run.weights()).containsExactly(10, 25);
        assertThat(run.status().decisions.get(0).message).contains("dead-letter rate 0.0 % ≤ 1 % over 40 events");
    }

    @Test
    void aNewRevisionSupersedesARunningRollout() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001").healthyStep(MINUTE)
                .elapse(INTERVAL).start("fn-00003", "fn-00002");

        assertThat(run.status().revision).isEqualTo("fn-00003");
        assertThat(run.status().stableRevision).as("judged against the same stable revision").isEqualTo("fn-00001");
        assertThat(run.status().step).isEqualTo(1);
        assertThat(run.status().stepStartedAt).isEqualTo(run.now().toString());
        assertThat(run.split()).as("the old canary is out of the split").isEqualTo(new TrafficSplit("fn-00003", 10, "fn-00001"));
        assertThat(run.status().decisions).singleElement().satisfies(d -> {
            assertThat(d.verdict).isEqualTo(RolloutVerdict.Superseded);
            assertThat(d.weight).isEqualTo(25);
            assertThat(d.message).isEqualTo("fn-00002 at step 2 of 4 (25 %) was superseded by fn-00003");
        });
        assertThat(run.reason()).isEqualTo("fn-00002 at step 2 of 4 (25 %) was superseded by fn-00003; "
                + "rolling out fn-00003 against fn-00001; step 1 of 4 (10 %) begins");
    }

    @Test
    void startingTheRevisionThatIsRollingOutChangesNothing() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001").healthyStep(MINUTE);
        String before = run.status().toString();

        run.start("fn-00002", "fn-00001");

        assertThat(run.last().changed()).isFalse();
        assertThat(run.status()).hasToString(before);
    }

    @Test
    void theNextRolloutIsJudgedAgainstTheRevisionThePreviousOneLeftServing() {
        RolloutRun succeeded = RolloutRun.of(canary()).start("fn-00002", "fn-00001").promote().start("fn-00003", "fn-00001");
        RolloutRun rolledBack = RolloutRun.of(canary()).start("fn-00002", "fn-00001").abort().start("fn-00003", "fn-00002");

        assertThat(succeeded.status().stableRevision).isEqualTo("fn-00002");
        assertThat(rolledBack.status().stableRevision).isEqualTo("fn-00001");
        assertThat(rolledBack.status().decisions).as("an ended rollout is not superseded").isEmpty();
    }

    @Test
    void theFirstRevisionTakesAllTrafficAtOnce() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00001", null);

        assertThat(run.status().phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(run.split().targets()).containsExactly(TrafficTarget.revision("fn-00001", 100).withTag(TrafficSplit.CANARY_TAG));
        assertThat(run.reason()).isEqualTo("first revision fn-00001: there is no other to roll out from, it takes 100 %; fn-00001 has 100 %");
    }

    @Test
    void blueGreenStaysAtZeroUntilTheSmokeTestPasses() {
        RolloutRun run = RolloutRun.of(Rollouts.blueGreen()).start("fn-00002", "fn-00001");

        assertThat(run.status().phase).isEqualTo(RolloutPhase.SmokeTesting);
        assertThat(run.split().targets()).contains(TrafficTarget.revision("fn-00002", 0).withTag(TrafficSplit.CANARY_TAG));
        assertThat(run.reason()).isEqualTo("smoke testing fn-00002 by tag canary (1 request) before any user traffic; fn-00001 serves all");

        run.elapse(Duration.ofMinutes(10)).observe(served(0), served(5000));
        assertThat(run.split().weight()).as("time and traffic alone move nothing").isZero();

        run.smokeTest(SmokeTestResult.passed(1));
        assertThat(run.weights()).containsExactly(0, 100);
        assertThat(run.status().phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(run.status().decisions).extracting(d -> d.verdict).containsExactly(RolloutVerdict.SmokeTestPassed);
    }

    @Test
    void aFailedSmokeTestKeepsTheNewRevisionAtZero() {
        RolloutRun run = RolloutRun.of(Rollouts.blueGreen()).start("fn-00002", "fn-00001")
                .smokeTest(SmokeTestResult.failed("GET /health: expected status 200, got 500 with an empty body"));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.SmokeTestFailed);
        assertThat(run.weights()).containsExactly(0);
        assertThat(run.reason()).isEqualTo("smoke test failed: GET /health: expected status 200, got 500 with an empty body; "
                + "fn-00002 keeps 0 %, fn-00001 serves all");

        run.promote();
        assertThat(run.reason()).isEqualTo("nothing to promote: the rollout of fn-00002 has ended (SmokeTestFailed)");
        run.elapse(MINUTE).observe(served(100), served(900));
        assertThat(run.weights()).as("an ended rollout stays ended").containsExactly(0);
        assertThat(run.last().changed()).isFalse();
    }

    @Test
    void aCanaryWithASmokeTestStartsItsFirstStepWhenTheSmokeTestPasses() {
        RolloutRun run = RolloutRun.of(canary(s -> s.smokeTest = Rollouts.smokeTest(Rollouts.request("GET", "/health", null, null))))
                .start("fn-00002", "fn-00001").elapse(Duration.ofSeconds(5)).smokeTest(SmokeTestResult.passed(1));

        assertThat(run.weights()).containsExactly(0, 10);
        assertThat(run.status().stepStartedAt).isEqualTo(run.now().toString());
        assertThat(run.status().decisions).extracting(d -> d.step, d -> d.verdict).containsExactly(tuple(0, RolloutVerdict.SmokeTestPassed));
    }

    @Test
    void promoteSkipsTheRemainingStepsTo100() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001").healthyStep(MINUTE).promote();

        assertThat(run.weights()).containsExactly(10, 25, 100);
        assertThat(run.status().phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(run.status().step).isEqualTo(4);
        assertThat(run.status().decisions).extracting(d -> d.verdict).containsExactly(RolloutVerdict.Passed, RolloutVerdict.Promoted);
        assertThat(run.reason()).isEqualTo("promoted by hand at step 2 of 4 (25 %); fn-00002 has 100 %");
    }

    @Test
    void abortRollsBackToTheStableRevision() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001").healthyStep(MINUTE).abort();

        assertThat(run.weights()).containsExactly(10, 25, 0);
        assertThat(run.status().phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(run.reason()).isEqualTo("aborted by hand at step 2 of 4 (25 %); fn-00001 has 100 %");

        run.abort();
        assertThat(run.last().changed()).isFalse();
        assertThat(run.reason()).isEqualTo("nothing to abort: the rollout of fn-00002 has ended (RolledBack)");
    }

    @Test
    void underOnFailurePauseAFailingStepKeepsItsWeightUntilSomeoneDecides() {
        RolloutRun run = RolloutRun.of(canary(s -> s.onFailure = RolloutFailurePolicy.Pause)).start("fn-00002", "fn-00001")
                .healthyStep(MINUTE).elapse(INTERVAL).observe(served(100).errors(10), served(300));

        assertThat(run.status().phase).isEqualTo(RolloutPhase.Paused);
        assertThat(run.split().weight()).isEqualTo(25);
        assertThat(run.reason()).isEqualTo("paused: error rate 10.0 % > 1 % over 100 requests (10 5xx, 0 timeouts) at "
                + "step 2 of 4 (25 %); fn-00002 keeps 25 % until someone promotes or aborts it");

        run.elapse(Duration.ofMinutes(10)).observe(served(1000), served(3000));
        assertThat(run.status().phase).as("good numbers later do not resume a paused rollout").isEqualTo(RolloutPhase.Paused);

        run.abort();
        assertThat(run.weights()).containsExactly(10, 25, 0);
    }

    @Test
    void aJudgementThatMovesNothingStillRecordsTheLatestNumbers() {
        RolloutRun run = RolloutRun.of(canary()).start("fn-00002", "fn-00001").elapse(INTERVAL).observe(served(5), served(45));

        assertThat(run.last().changed()).isTrue();
        assertThat(run.status().lastAnalysis.requests).isEqualTo(5L);
        assertThat(run.status().lastAnalysis.measuredAt).isEqualTo(run.now().toString());
    }

    private static Tuple tuple(Object... values) {
        return Tuple.tuple(values);
    }
}
