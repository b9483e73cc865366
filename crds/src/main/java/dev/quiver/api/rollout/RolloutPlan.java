package dev.quiver.api.rollout;

import dev.quiver.api.Durations;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutFailurePolicy;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.SmokeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A rollout as it runs: {@code spec.rollout} with every default applied. A canary's steps end at 100 % (added
 * when the last step is below); blue/green is one step at 100 % behind the smoke test. Made from a spec the
 * validator accepted; an invalid duration is an {@link IllegalArgumentException}.
 *
 * @param mode      canary or blue/green
 * @param steps     the steps, growing in weight, the last at 100 %
 * @param limits    the analysis limits
 * @param smokeTest the smoke test's requests; empty when there is none
 * @param onFailure what a failed analysis does
 */
public record RolloutPlan(RolloutMode mode, List<Step> steps, Limits limits, List<SmokeRequest> smokeTest,
                          RolloutFailurePolicy onFailure) {

    /** Copies the lists and checks that the plan ends at 100 %. */
    public RolloutPlan {
        steps = List.copyOf(steps);
        smokeTest = List.copyOf(smokeTest);
        if (steps.isEmpty() || steps.get(steps.size() - 1).weight() != 100) {
            throw new IllegalArgumentException("a plan ends with a step at 100 %: " + steps);
        }
    }

    /**
     * One step.
     *
     * @param weight the new revision's percent
     * @param pause  least time at this weight
     */
    public record Step(int weight, Duration pause) {
    }

    /**
     * The analysis limits, defaulted.
     *
     * @param interval          how often a driver judges
     * @param maxErrorRate      percent of failed requests allowed
     * @param maxLatencyRatio   new p95 / stable p95 allowed
     * @param maxDeadLetterRate percent of dead-lettered events allowed
     * @param minRequests       fewest invocations before a step may pass
     */
    public record Limits(Duration interval, double maxErrorRate, double maxLatencyRatio, double maxDeadLetterRate,
                         long minRequests) {

        static Limits of(RolloutAnalysis analysis) {
            return new Limits(
                    Durations.parse(analysis.interval == null ? RolloutAnalysis.DEFAULT_INTERVAL : analysis.interval),
                    analysis.maxErrorRate == null ? RolloutAnalysis.DEFAULT_MAX_ERROR_RATE : analysis.maxErrorRate,
                    analysis.maxLatencyRatio == null ? RolloutAnalysis.DEFAULT_MAX_LATENCY_RATIO : analysis.maxLatencyRatio,
                    analysis.maxDeadLetterRate == null ? RolloutAnalysis.DEFAULT_MAX_DEAD_LETTER_RATE : analysis.maxDeadLetterRate,
                    analysis.minRequests == null ? RolloutAnalysis.DEFAULT_MIN_REQUESTS : analysis.minRequests);
        }
    }

    /** The plan of a Function's {@code spec.rollout}; null (no rollout set) gives the default canary. */
    public static RolloutPlan of(RolloutSpec spec) {
        RolloutSpec rollout = spec == null ? new RolloutSpec() : spec;
        RolloutMode mode = rollout.modeOrDefault();
        return new RolloutPlan(mode, mode == RolloutMode.BlueGreen ? List.of(new Step(100, Duration.ZERO)) : steps(rollout),
                Limits.of(rollout.analysisOrDefault()), rollout.smokeTestOrDefault().requests, rollout.onFailureOrDefault());
    }

    private static List<Step> steps(RolloutSpec rollout) {
        List<Step> steps = new ArrayList<>();
        if (rollout.steps == null || rollout.steps.isEmpty()) {
            RolloutSpec.DEFAULT_WEIGHTS.forEach(w -> steps.add(new Step(w, Durations.parse(RolloutSpec.DEFAULT_PAUSE))));
        } else {
            for (RolloutStep step : rollout.steps) {
                steps.add(new Step(step.weight, Durations.parse(step.pause == null ? RolloutSpec.DEFAULT_PAUSE : step.pause)));
            }
        }
        if (steps.get(steps.size() - 1).weight() < 100) {
            steps.add(new Step(100, Duration.ZERO));
        }
        return steps;
    }

    /** Whether a smoke test runs before any user traffic. */
    public boolean hasSmokeTest() {
        return !smokeTest.isEmpty();
    }

    /** The step by its number in the status: 1 is the first. */
    public Step step(int number) {
        return steps.get(number - 1);
    }
}
