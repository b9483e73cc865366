package dev.quiver.cli.view;

import dev.quiver.api.Function;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutMeasurement;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The readable text of {@code quiver rollout status} and of the Rollout section of {@code quiver describe}. */
public final class RolloutView {

    private RolloutView() {
    }

    /** The function's rollout in progress or last run; null when there is none. */
    public static RolloutStatus of(Function function) {
        return function.getStatus() == null ? null : function.getStatus().rollout;
    }

    /** The function's rollout plan; null when {@code spec.rollout} is not set. */
    public static RolloutSpec plan(Function function) {
        return function.getSpec() == null ? null : function.getSpec().rollout;
    }

    /** Whether a rollout runs now: one a person may promote or abort. */
    public static boolean running(Function function) {
        RolloutStatus rollout = of(function);
        return rollout != null && rollout.phase != null && !rollout.phase.ended();
    }

    /** Why there is nothing to show: no plan at all, or a plan that has not run yet. */
    public static String none(Function function) {
        String name = function.getMetadata().getName();
        return plan(function) == null ? name + " has no rollout (spec.rollout is not set)"
                : name + ": no rollout has run yet (the next ready revision starts one)";
    }

    /** The rollout of {@code quiver rollout status}: where it stands, the last measurement and the decided steps. */
    public static String status(Function function) {
        RolloutStatus rollout = of(function);
        if (rollout == null) {
            return none(function) + "\n";
        }
        StringBuilder text = new StringBuilder();
        text.append(new Table("Rollout of:", function.getMetadata().getName())
                .row("Revision:", rollout.revision + " (stable " + orNone(rollout.stableRevision) + ")")
                .row("Phase:", rollout.phase)
                .row("Step:", step(rollout).replaceFirst("^step ", ""))
                .row("Step began:", rollout.stepStartedAt)
                .row("Message:", rollout.message)
                .render(""));
        text.append("\nLast measurement:\n");
        text.append(rollout.lastAnalysis == null ? "  (none yet)\n" : "  " + measurement(rollout.lastAnalysis) + "\n");
        text.append("\n").append(decisions(rollout.decisions, ""));
        return text.toString();
    }

    /** The Rollout section of {@code quiver describe}: the plan briefly, then the rollout; empty when neither is set. */
    public static String section(Function function) {
        RolloutSpec plan = plan(function);
        RolloutStatus rollout = of(function);
        if (plan == null && rollout == null) {
            return "";
        }
        Table head = new Table("Rollout:", "");
        if (plan != null) {
            head.row("  Plan:", plan(plan)).row("  Limits:", limits(plan.analysisOrDefault()));
        } else {
            head.row("  Plan:", "(spec.rollout is not set; the last rollout ran on an earlier plan)");
        }
        if (rollout == null) {
            head.row("  Phase:", "(no rollout has run yet)");
            return head.render("");
        }
        head.row("  Revision:", rollout.revision + " (stable " + orNone(rollout.stableRevision) + ")")
                .row("  Phase:", rollout.phase + ", " + step(rollout))
                .row("  Message:", rollout.message);
        if (rollout.lastAnalysis != null) {
            head.row("  Measured:", measurement(rollout.lastAnalysis));
        }
        return head.render("") + decisions(rollout.decisions, "  ");
    }

    /** {@code step 2 of 4 at 25 %}, or the smoke test (step 0). */
    public static String step(RolloutStatus rollout) {
        int weight = rollout.currentWeight == null ? 0 : rollout.currentWeight;
        if (rollout.step != null && rollout.step == 0) {
            return "smoke test (before step 1 of " + orNone(rollout.steps) + ") at " + weight + " %";
        }
        return "step " + orNone(rollout.step) + " of " + orNone(rollout.steps) + " at " + weight + " %";
    }

    /** One line of numbers: requests, error rate, p95 against the stable p95, events and dead letters. */
    public static String measurement(RolloutMeasurement m) {
        List<String> parts = new ArrayList<>();
        parts.add((m.requests == null ? 0 : m.requests) + " requests");
        parts.add("error rate " + percent(m.errorRate));
        parts.add("p95 " + millis(m.p95Millis) + " vs stable " + millis(m.stableP95Millis));
        if (m.events != null && m.events > 0 || m.deadLetterRate != null) {
            parts.add((m.events == null ? 0 : m.events) + " events");
            parts.add("dead letters " + percent(m.deadLetterRate));
        }
        return String.join(", ", parts) + (m.measuredAt == null ? "" : " (at " + m.measuredAt + ")");
    }

    /** The decided steps as a table under a {@code Decisions:} heading. */
    static String decisions(List<RolloutDecision> decisions, String indent) {
        StringBuilder text = new StringBuilder(indent).append("Decisions:\n");
        if (decisions == null || decisions.isEmpty()) {
            return text.append(indent).append("  (none yet)\n").toString();
        }
        Table table = new Table("STEP", "WEIGHT", "VERDICT", "MESSAGE", "DECIDED");
        for (RolloutDecision decision : decisions) {
            table.row(decision.step == null ? null : decision.step == 0 ? "smoke" : decision.step.toString(),
                    decision.weight == null ? null : decision.weight + "%", decision.verdict, decision.message,
                    decision.decidedAt);
        }
        return text.append(table.render(indent + "  ")).toString();
    }

    /** {@code Canary: 10% for 1m, 25% for 1m, 100%; smoke test of 2 requests; on failure Rollback}. */
    static String plan(RolloutSpec plan) {
        List<String> parts = new ArrayList<>();
        if (plan.modeOrDefault() == RolloutMode.BlueGreen) {
            parts.add("BlueGreen: 0% until the smoke test passes, then 100%");
        } else {
            List<String> steps = new ArrayList<>();
            List<RolloutStep> given = plan.steps == null ? List.of() : plan.steps;
            if (given.isEmpty()) {
                RolloutSpec.DEFAULT_WEIGHTS.forEach(w -> steps.add(w + "%" + (w < 100 ? " for " + RolloutSpec.DEFAULT_PAUSE : "")));
            } else {
                for (RolloutStep step : given) {
                    int weight = step.weight == null ? 0 : step.weight;
                    steps.add(weight + "%" + (weight < 100 ? " for " + (step.pause == null ? RolloutSpec.DEFAULT_PAUSE : step.pause) : ""));
                }
                Integer last = given.get(given.size() - 1).weight;
                if (last == null || last < 100) {
                    steps.add("100%");
                }
            }
            parts.add("Canary: " + String.join(", ", steps));
        }
        int smoke = plan.smokeTestOrDefault().requests == null ? 0 : plan.smokeTestOrDefault().requests.size();
        if (smoke > 0) {
            parts.add("smoke test of " + smoke + " request" + (smoke == 1 ? "" : "s"));
        }
        parts.add("on failure " + plan.onFailureOrDefault());
        return String.join("; ", parts);
    }

    /** The analysis limits, defaults filled in. */
    static String limits(RolloutAnalysis analysis) {
        return "error rate <= " + number(analysis.maxErrorRate, RolloutAnalysis.DEFAULT_MAX_ERROR_RATE) + " %"
                + ", p95 <= " + number(analysis.maxLatencyRatio, RolloutAnalysis.DEFAULT_MAX_LATENCY_RATIO) + "x stable"
                + ", dead letters <= " + number(analysis.maxDeadLetterRate, RolloutAnalysis.DEFAULT_MAX_DEAD_LETTER_RATE) + " %"
                + ", at least " + (analysis.minRequests == null ? RolloutAnalysis.DEFAULT_MIN_REQUESTS : analysis.minRequests)
                + " invocations a step, judged every "
                + (analysis.interval == null ? RolloutAnalysis.DEFAULT_INTERVAL : analysis.interval);
    }

    private static String number(Double value, double orElse) {
        double v = value == null ? orElse : value;
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String percent(Double rate) {
        return rate == null ? "-" : String.format(Locale.ROOT, "%.1f %%", rate);
    }

    private static String millis(Long value) {
        return value == null ? "-" : value + " ms";
    }

    private static String orNone(Object value) {
        return value == null ? "-" : value.toString();
    }
}
