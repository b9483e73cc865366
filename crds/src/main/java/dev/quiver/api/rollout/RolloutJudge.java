package dev.quiver.api.rollout;

import dev.quiver.api.ApiJson;
import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutFailurePolicy;
import dev.quiver.api.RolloutMeasurement;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutVerdict;
import java.time.Duration;
import java.time.Instant;

/**
 * The rollout state machine, pure: each call takes the current {@code status.rollout} and one input (a new
 * revision, a smoke test result, the per-revision windows since the step began, a promote or an abort) and returns
 * the next status, the traffic split to apply and why. Time is a parameter; nothing here reads a clock or does I/O,
 * so the local runtime and the cluster controller drive the same rules.
 *
 * <p>Rules: a step passes only once its pause is over, the new revision served {@code minRequests} invocations and
 * the analysis is within every limit; a crossed limit ends the rollout at the next judgement (rollback to the stable
 * revision, or pause under {@code onFailure: Pause}); a new revision while a rollout runs supersedes it and starts
 * over against the same stable revision; blue/green keeps 0 % until the smoke test passes, then takes 100 %.
 */
public final class RolloutJudge {

    private final RolloutPlan plan;

    /** A judge of this plan. */
    public RolloutJudge(RolloutPlan plan) {
        this.plan = plan;
    }

    /**
     * A new revision to roll out.
     *
     * @param revision       the new revision
     * @param stableRevision the revision serving now, used only when no rollout ran before ({@code running} null);
     *                       null when this is the first revision
     * @param running        the current {@code status.rollout}, or null: a running rollout is superseded and its stable
     *                       revision kept; after a finished one the revision it left serving is the stable one
     * @param now            the time
     */
    public RolloutOutcome start(String revision, String stableRevision, RolloutStatus running, Instant now) {
        if (running != null && revision.equals(running.revision)) {
            return unchanged(running, running.message);
        }
        String stable = running == null ? stableRevision
                : running.phase == RolloutPhase.Succeeded ? running.revision : running.stableRevision;
        RolloutStatus next = new RolloutStatus();
        next.revision = revision;
        next.stableRevision = stable;
        next.steps = plan.steps().size();
        String superseded = "";
        if (running != null && !running.phase.ended()) {
            String why = running.revision + " at " + where(running) + " was superseded by " + revision;
            next.decisions.add(decision(running, RolloutVerdict.Superseded, running.lastAnalysis, why, now));
            superseded = why + "; ";
        }
        if (stable == null) {
            return enterStep(running, next, plan.steps().size(), now,
                    "first revision " + revision + ": there is no other to roll out from, it takes 100 %");
        }
        if (plan.hasSmokeTest()) {
            next.phase = RolloutPhase.SmokeTesting;
            next.step = 0;
            next.currentWeight = 0;
            next.stepStartedAt = now.toString();
            return outcome(running, next, superseded + "smoke testing " + revision + " by tag " + TrafficSplit.CANARY_TAG
                    + " (" + Analysis.count(plan.smokeTest().size(), "request") + ") before any user traffic; "
                    + stable + " serves all");
        }
        return enterStep(running, next, 1, now, superseded + "rolling out " + revision + " against " + stable);
    }

    /** The smoke test's result; only a rollout in {@link RolloutPhase#SmokeTesting} takes it. */
    public RolloutOutcome smokeTested(RolloutStatus current, SmokeTestResult result, Instant now) {
        if (current.phase != RolloutPhase.SmokeTesting) {
            return unchanged(current, current.message);
        }
        RolloutStatus next = copy(current);
        if (result.passed()) {
            next.decisions.add(decision(current, RolloutVerdict.SmokeTestPassed, null, result.message(), now));
            return enterStep(current, next, 1, now, "smoke test passed (" + result.message() + ")");
        }
        String message = "smoke test failed: " + result.message() + "; " + current.revision + " keeps 0 %, "
                + current.stableRevision + " serves all";
        next.decisions.add(decision(current, RolloutVerdict.SmokeTestFailed, null, result.message(), now));
        next.phase = RolloutPhase.SmokeTestFailed;
        next.currentWeight = 0;
        return outcome(current, next, message);
    }

    /**
     * Judges the step in progress on what the gateway saw since it began.
     *
     * @param canary the new revision's window
     * @param stable the stable revision's window over the same time
     */
    public RolloutOutcome observe(RolloutStatus current, RevisionWindow canary, RevisionWindow stable, Instant now) {
        if (current.phase != RolloutPhase.Progressing) {
            return unchanged(current, current.message);
        }
        Analysis.Result analysis = Analysis.judge(plan.limits(), canary, stable, now);
        RolloutStatus next = copy(current);
        next.lastAnalysis = analysis.measurement();
        String where = " at " + where(current);
        if (analysis.kind() == Analysis.Kind.FAIL) {
            return fail(current, next, analysis.reason() + where, analysis.measurement(), now);
        }
        // A status without a start time (edited by hand) counts its step from now rather than failing.
        Instant started = current.stepStartedAt == null ? now : Instant.parse(current.stepStartedAt);
        Duration left = Duration.between(now, started.plus(pause(current)));
        if (left.compareTo(Duration.ZERO) > 0) {
            String also = analysis.kind() == Analysis.Kind.WAIT ? "; " + analysis.reason() : "; so far " + analysis.reason();
            return outcome(current, next, where(current) + " holds for " + seconds(left) + " more" + also);
        }
        if (analysis.kind() == Analysis.Kind.WAIT) {
            return outcome(current, next, where(current) + ": pause over, " + analysis.reason());
        }
        next.decisions.add(decision(current, RolloutVerdict.Passed, analysis.measurement(), analysis.reason() + where, now));
        return enterStep(current, next, Math.min(current.step + 1, plan.steps().size()), now,
                where(current) + " passed: " + analysis.reason());
    }

    /** A person's promote: 100 % now, skipping the remaining steps (and a smoke test still waiting). */
    public RolloutOutcome promote(RolloutStatus current, Instant now) {
        if (current.phase.ended()) {
            return unchanged(current, "nothing to promote: the rollout of " + current.revision + " has ended (" + current.phase + ")");
        }
        RolloutStatus next = copy(current);
        next.decisions.add(decision(current, RolloutVerdict.Promoted, current.lastAnalysis,
                "promoted by hand at " + where(current), now));
        return enterStep(current, next, plan.steps().size(), now, "promoted by hand at " + where(current));
    }

    /** A person's abort: the stable revision takes 100 % again. */
    public RolloutOutcome abort(RolloutStatus current, Instant now) {
        if (current.phase.ended()) {
            return unchanged(current, "nothing to abort: the rollout of " + current.revision + " has ended (" + current.phase + ")");
        }
        RolloutStatus next = copy(current);
        String why = "aborted by hand at " + where(current);
        next.decisions.add(decision(current, RolloutVerdict.Aborted, current.lastAnalysis, why, now));
        next.phase = RolloutPhase.RolledBack;
        next.currentWeight = 0;
        return outcome(current, next, why + "; " + current.stableRevision + " has 100 %");
    }

    /** The split a status asks for. */
    public static TrafficSplit split(RolloutStatus status) {
        return new TrafficSplit(status.revision, status.currentWeight, status.stableRevision);
    }

    private RolloutOutcome fail(RolloutStatus current, RolloutStatus next, String why, RolloutMeasurement measurement, Instant now) {
        next.decisions.add(decision(current, RolloutVerdict.Failed, measurement, why, now));
        if (plan.onFailure() == RolloutFailurePolicy.Pause) {
            next.phase = RolloutPhase.Paused;
            return outcome(current, next, "paused: " + why + "; " + current.revision + " keeps " + current.currentWeight
                    + " % until someone promotes or aborts it");
        }
        next.phase = RolloutPhase.RolledBack;
        next.currentWeight = 0;
        return outcome(current, next, "rolled back: " + why + "; " + current.stableRevision + " has 100 %");
    }

    /** Moves to a step: its weight from now, or the end when it is at 100 %. */
    private RolloutOutcome enterStep(RolloutStatus previous, RolloutStatus next, int number, Instant now, String why) {
        next.step = number;
        next.currentWeight = plan.step(number).weight();
        next.stepStartedAt = now.toString();
        next.lastAnalysis = null;
        if (next.currentWeight == 100) {
            next.phase = RolloutPhase.Succeeded;
            return outcome(previous, next, why + "; " + next.revision + " has 100 %");
        }
        next.phase = RolloutPhase.Progressing;
        return outcome(previous, next, why + "; " + where(next) + " begins");
    }

    private Duration pause(RolloutStatus status) {
        return plan.step(Math.min(status.step, plan.steps().size())).pause();
    }

    /** "step 2 of 4 (25 %)", or "the smoke test" before the first step. */
    private static String where(RolloutStatus status) {
        return status.step == null || status.step == 0 ? "the smoke test (0 %)"
                : "step " + status.step + " of " + status.steps + " (" + status.currentWeight + " %)";
    }

    private static RolloutDecision decision(RolloutStatus at, RolloutVerdict verdict, RolloutMeasurement measurement,
                                            String message, Instant now) {
        RolloutDecision decision = new RolloutDecision();
        decision.step = at.step;
        decision.weight = at.currentWeight;
        decision.verdict = verdict;
        decision.measurement = measurement;
        decision.message = message;
        decision.decidedAt = now.toString();
        return decision;
    }

    private static RolloutOutcome outcome(RolloutStatus previous, RolloutStatus next, String message) {
        next.message = message;
        return new RolloutOutcome(next, split(next), !next.equals(previous), message);
    }

    private static RolloutOutcome unchanged(RolloutStatus current, String reason) {
        return new RolloutOutcome(copy(current), split(current), false, reason);
    }

    private static RolloutStatus copy(RolloutStatus status) {
        return ApiJson.copy(status, RolloutStatus.class);
    }

    private static String seconds(Duration duration) {
        long s = (duration.toMillis() + 999) / 1000;
        return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
