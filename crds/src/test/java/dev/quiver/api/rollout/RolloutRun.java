package dev.quiver.api.rollout;

import dev.quiver.api.testing.Rollouts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A rollout driven by hand in a test, as the runtime or the controller will drive it: it keeps the status between
 * calls, moves a fake clock, and checks on every call that the judge left the status it was given unchanged.
 */
final class RolloutRun {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final RolloutJudge judge;
    private final List<Integer> weights = new ArrayList<>();
    private Instant now = T0;
    private RolloutStatus status;
    private RolloutOutcome last;

    private RolloutRun(RolloutSpec spec) {
        this.judge = new RolloutJudge(RolloutPlan.of(spec));
    }

    static RolloutRun of(RolloutSpec spec) {
        return new RolloutRun(spec);
    }

    /** Starts (or supersedes with) a new revision; the stable one counts only before any rollout. */
    RolloutRun start(String revision, String stableRevision) {
        return apply(current -> judge.start(revision, stableRevision, current, now));
    }

    RolloutRun elapse(Duration duration) {
        now = now.plus(duration);
        return this;
    }

    RolloutRun observe(Rollouts.Window canary, Rollouts.Window stable) {
        return apply(current -> judge.observe(current, canary.build(), stable.build(), now));
    }

    /** A healthy step of 100 requests on each side, observed once its pause is over. */
    RolloutRun healthyStep(Duration pause) {
        return elapse(pause).observe(Rollouts.served(100), Rollouts.served(900));
    }

    RolloutRun smokeTest(SmokeTestResult result) {
        return apply(current -> judge.smokeTested(current, result, now));
    }

    RolloutRun promote() {
        return apply(current -> judge.promote(current, now));
    }

    RolloutRun abort() {
        return apply(current -> judge.abort(current, now));
    }

    private RolloutRun apply(Function<RolloutStatus, RolloutOutcome> call) {
        RolloutStatus before = status == null ? null : ApiJson.copy(status, RolloutStatus.class);
        RolloutOutcome outcome = call.apply(status);
        last = outcome;
        if (before != null) {
            assertThat(status).as("the status the judge was given").isEqualTo(before);
        }
        status = outcome.status();
        if (weights.isEmpty() || weights.get(weights.size() - 1) != outcome.split().weight()) {
            weights.add(outcome.split().weight());
        }
        return this;
    }

    RolloutStatus status() {
        return status;
    }

    TrafficSplit split() {
        return last.split();
    }

    RolloutOutcome last() {
        return last;
    }

    String reason() {
        return last.reason();
    }

    /** Every weight the new revision was given, in order, repeats left out. */
    List<Integer> weights() {
        return weights;
    }

    Instant now() {
        return now;
    }
}
