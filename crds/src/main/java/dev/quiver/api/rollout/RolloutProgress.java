package dev.quiver.api.rollout;

import dev.quiver.api.ApiJson;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutBaseline;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One pass of a rollout driver, the same on both platforms: from what the platform knows now (the latest ready
 * revision, the gateway's running counts per revision, a smoke test's result, a person's command) it picks the
 * one input {@link RolloutJudge} takes and keeps the baseline each step is measured from. The local runtime calls
 * it every analysis interval and on each change; the controller calls it on each reconcile of a Function with a
 * rollout. Pure: it reads no clock and changes nothing it is given.
 */
public final class RolloutProgress {

    /** The annotation by which {@code quiver rollout promote|abort} asks the controller to act. */
    public static final String COMMAND_ANNOTATION = "quiver.dev/rollout-command";

    private RolloutProgress() {
    }

    /**
     * What the platform knows now.
     *
     * @param latestReady the latest ready revision, or null while none is ready
     * @param serving     the revision that served the latest revision's traffic before this pass (the previous
     *                    {@code status.latestReadyRevisionName}); the stable revision of a first rollout
     * @param counts      the gateway's running counts per revision name (missing: none counted)
     * @param smokeTest   the result of the smoke test of the rollout's revision, or null when there is none yet
     * @param command     the latest command ({@link Command#parse}), or null
     * @param now         the time
     */
    public record Inputs(String latestReady, String serving, Map<String, RevisionCounts> counts, SmokeTestResult smokeTest,
                         String command, Instant now) {

        /** Never a null map. */
        public Inputs {
            counts = counts == null ? Map.of() : Map.copyOf(counts);
        }

        RevisionCounts countsOf(String revision) {
            RevisionCounts found = revision == null ? null : counts.get(revision);
            return found == null ? RevisionCounts.none() : found;
        }
    }

    /**
     * A person's promote or abort, as {@code "<verb> <revision> <id>"}: the revision names the rollout meant (a
     * command for an older rollout does nothing) and the id makes each command new.
     *
     * @param verb     promote or abort
     * @param revision the revision whose rollout it is for
     */
    public record Command(String verb, String revision) {

        /** The command of that text, or null when it is not one. */
        public static Command parse(String text) {
            String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
            if (parts.length < 2 || !(parts[0].equals("promote") || parts[0].equals("abort"))) {
                return null;
            }
            return new Command(parts[0], parts[1]);
        }

        /** The text of a new command, with an id that makes it differ from any before. */
        public static String text(String verb, String revision, String id) {
            return verb + " " + revision + " " + id;
        }
    }

    /**
     * The next step.
     *
     * @param plan    the Function's rollout plan
     * @param current {@code status.rollout}, or null before the first rollout
     * @return the judge's outcome with the baseline kept, or null when there is nothing to roll out (no revision ready)
     */
    public static RolloutOutcome advance(RolloutPlan plan, RolloutStatus current, Inputs inputs) {
        if (inputs.latestReady() == null) {
            return null;
        }
        RolloutJudge judge = new RolloutJudge(plan);
        Instant now = inputs.now();
        RolloutOutcome outcome;
        if (current == null || !inputs.latestReady().equals(current.revision)) {
            String serving = Objects.equals(inputs.serving(), inputs.latestReady()) ? null : inputs.serving();
            outcome = judge.start(inputs.latestReady(), serving, current, now);
        } else if (inputs.command() != null && !inputs.command().equals(current.command)) {
            outcome = command(judge, current, inputs.command(), now);
        } else if (current.phase == RolloutPhase.SmokeTesting && inputs.smokeTest() != null) {
            outcome = judge.smokeTested(current, inputs.smokeTest(), now);
        } else {
            RolloutBaseline baseline = current.baseline == null ? new RolloutBaseline() : current.baseline;
            RevisionWindow revision = inputs.countsOf(current.revision).since(baseline.revision);
            RevisionWindow stable = inputs.countsOf(current.stableRevision).since(baseline.stable);
            outcome = judge.observe(current, revision, stable, now);
        }
        return withBaseline(current, outcome, inputs);
    }

    private static RolloutOutcome command(RolloutJudge judge, RolloutStatus current, String text, Instant now) {
        Command command = Command.parse(text);
        RolloutOutcome outcome;
        if (command == null || !command.revision().equals(current.revision)) {
            String why = command == null ? "ignored the command '" + text + "': it is neither promote nor abort"
                    : "ignored " + command.verb() + " of " + command.revision() + ": the rollout is of " + current.revision;
            outcome = new RolloutOutcome(current, RolloutJudge.split(current), false, why);
        } else if (command.verb().equals("promote")) {
            outcome = judge.promote(current, now);
        } else {
            outcome = judge.abort(current, now);
        }
        RolloutStatus next = ApiJson.copy(outcome.status(), RolloutStatus.class);
        next.command = text;
        return new RolloutOutcome(next, outcome.split(), true, outcome.reason());
    }

    /** A step that began in this pass is measured from the counts now; a status without a baseline gets one. */
    private static RolloutOutcome withBaseline(RolloutStatus previous, RolloutOutcome outcome, Inputs inputs) {
        RolloutStatus next = outcome.status();
        boolean stepBegan = previous == null || !Objects.equals(previous.stepStartedAt, next.stepStartedAt)
                || !Objects.equals(previous.revision, next.revision);
        if (!stepBegan && next.baseline != null) {
            return outcome;
        }
        RolloutStatus copy = ApiJson.copy(next, RolloutStatus.class);
        copy.baseline = new RolloutBaseline();
        copy.baseline.revision = inputs.countsOf(copy.revision);
        copy.baseline.stable = inputs.countsOf(copy.stableRevision);
        if (previous != null && previous.command != null && copy.command == null) {
            copy.command = previous.command;
        }
        return new RolloutOutcome(copy, outcome.split(), !copy.equals(previous), outcome.reason());
    }
}
