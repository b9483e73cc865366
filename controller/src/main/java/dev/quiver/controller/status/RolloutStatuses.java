package dev.quiver.controller.status;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutReport;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutVerdict;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.rollout.RolloutOutcome;
import dev.quiver.api.rollout.RolloutPlan;
import dev.quiver.api.rollout.RolloutProgress;
import dev.quiver.api.rollout.SmokeTestResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The controller's side of a rollout, pure: one {@link RolloutProgress} pass per reconcile of a Function with
 * {@code spec.rollout}, from the runtime's {@link RolloutReport} and the Function's command annotation; when to
 * look again; which revisions a rollout needs kept; and the Events its decisions are worth. The reconciler reads
 * the report and writes the status; nothing here reads a clock or the API.
 */
public final class RolloutStatuses {

    private RolloutStatuses() {
    }

    /**
     * {@code status.rollout} after this pass.
     *
     * @param function    the Function as read; its status is the previous one (the rollout so far and the revision
     *                    that served before, {@code status.latestReadyRevisionName})
     * @param latestReady the latest ready revision computed in this pass, or null when none is ready
     * @param report      the runtime's report (counts per revision and the last smoke test), or null when none
     * @param now         the time
     * @return null without {@code spec.rollout}; the previous rollout while no revision is ready, or while the
     *         latest ready revision is older than the rollout's (which stopped being ready)
     */
    public static RolloutStatus next(Function function, String latestReady, RolloutReport report, Instant now) {
        if (function.getSpec().rollout == null) {
            return null;
        }
        FunctionStatus previous = function.getStatus();
        RolloutStatus current = previous == null || previous.rollout == null ? null
                : ApiJson.copy(previous.rollout, RolloutStatus.class);
        if (current != null && latestReady != null && olderThan(function, latestReady, current.revision)) {
            // The rollout's revision is no longer ready and an older one is the latest ready: that is no new rollout
            // (it would roll the stable revision out against itself, or against the unready one). The status stays;
            // the traffic, which splits only while the rollout's revision is the latest ready, goes to the older one.
            return current;
        }
        String serving = previous == null ? null : previous.latestReadyRevisionName;
        Map<String, RevisionCounts> counts = report == null ? Map.of() : report.counts();
        RolloutProgress.Inputs inputs = new RolloutProgress.Inputs(latestReady, serving, counts,
                smokeTest(current, report), command(function), now);
        RolloutOutcome outcome = RolloutProgress.advance(RolloutPlan.of(function.getSpec().rollout), current, inputs);
        return outcome == null ? current : outcome.status();
    }

    private static boolean olderThan(Function function, String revision, String than) {
        String name = function.getMetadata().getName();
        OptionalInt a = RevisionNames.number(name, revision);
        OptionalInt b = RevisionNames.number(name, than);
        return a.isPresent() && b.isPresent() && a.getAsInt() < b.getAsInt();
    }

    /**
     * The smoke test of the step in progress: a run the runtime reported for an earlier rollout of the same revision
     * (another {@code stepStartedAt}) is not this one's.
     */
    static SmokeTestResult smokeTest(RolloutStatus current, RolloutReport report) {
        if (current == null || report == null || report.smokeTest() == null
                || !report.smokeTest().isFor(current.revision, current.stepStartedAt)) {
            return null;
        }
        return report.smokeTest().result();
    }

    private static String command(Function function) {
        Map<String, String> annotations = function.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(RolloutProgress.COMMAND_ANNOTATION);
    }

    /** Whether a rollout waits on time or on measurements (smoke testing, progressing or paused). */
    public static boolean running(RolloutStatus rollout) {
        return rollout != null && rollout.phase != null && !rollout.phase.ended();
    }

    /**
     * When to reconcile again without any other event, so that pauses end and steps are judged: after the analysis
     * interval while the rollout runs; empty once it ended (or there is none).
     */
    public static Optional<Duration> recheckAfter(Function function, FunctionStatus status) {
        if (function.getSpec().rollout == null || status == null || !running(status.rollout)) {
            return Optional.empty();
        }
        return Optional.of(RolloutPlan.of(function.getSpec().rollout).limits().interval());
    }

    /** The revisions a rollout needs: the one rolled out and the stable one it goes back to. */
    public static Set<String> needed(RolloutStatus rollout) {
        Set<String> names = new HashSet<>();
        if (rollout != null) {
            names.add(rollout.revision);
            names.add(rollout.stableRevision);
            names.remove(null);
        }
        return names;
    }

    /**
     * The Events between two rollout statuses: a rollout started, each decision new in {@code after} (with its
     * numbers), and the end of a rollout (succeeded, rolled back, paused). Equal statuses give none.
     */
    public static List<ControllerEvent> events(RolloutStatus before, RolloutStatus after) {
        List<ControllerEvent> events = new ArrayList<>();
        if (after == null || after.equals(before)) {
            return events;
        }
        boolean sameRollout = before != null && Objects.equals(before.revision, after.revision);
        List<RolloutDecision> decisions = after.decisions == null ? List.of() : after.decisions;
        int seen = sameRollout && before.decisions != null ? Math.min(before.decisions.size(), decisions.size()) : 0;
        if (!sameRollout) {
            // A superseded rollout's decision comes first: it is what happened before this one began.
            decisions.stream().filter(d -> d.verdict == RolloutVerdict.Superseded).forEach(d -> events.add(decision(d)));
            if (after.stableRevision != null) {
                events.add(ControllerEvent.normal("RolloutStarted", after.message));
            }
            decisions.stream().filter(d -> d.verdict != RolloutVerdict.Superseded).forEach(d -> events.add(decision(d)));
        } else {
            decisions.subList(seen, decisions.size()).forEach(d -> events.add(decision(d)));
        }
        RolloutPhase then = sameRollout ? before.phase : null;
        // A first revision takes 100 % at once: nothing was rolled out, so its "end" is no news.
        if (after.phase != then && after.stableRevision != null) {
            ControllerEvent end = end(after);
            if (end != null) {
                events.add(end);
            }
        }
        return events;
    }

    private static ControllerEvent decision(RolloutDecision decision) {
        String message = decision.message == null ? "" : decision.message;
        if (decision.verdict == null) {
            return ControllerEvent.normal("RolloutDecided", message);
        }
        return switch (decision.verdict) {
            case Passed -> ControllerEvent.normal("RolloutStepPassed", message);
            case Failed -> ControllerEvent.warning("RolloutAnalysisFailed", message);
            case SmokeTestPassed -> ControllerEvent.normal("RolloutSmokeTestPassed", "smoke test passed: " + message);
            case SmokeTestFailed -> ControllerEvent.warning("RolloutSmokeTestFailed", "smoke test failed: " + message);
            case Promoted -> ControllerEvent.normal("RolloutPromoted", message);
            case Aborted -> ControllerEvent.warning("RolloutAborted", message);
            case Superseded -> ControllerEvent.normal("RolloutSuperseded", message);
        };
    }

    /** The event of a phase a rollout just entered, when it is an end (or a pause waiting on a person). */
    private static ControllerEvent end(RolloutStatus after) {
        if (after.phase == null) {
            return null;
        }
        return switch (after.phase) {
            case Succeeded -> ControllerEvent.normal("RolloutSucceeded", after.message);
            case RolledBack -> ControllerEvent.warning("RolloutRolledBack", after.message);
            case Paused -> ControllerEvent.warning("RolloutPaused", after.message);
            default -> null;
        };
    }
}
