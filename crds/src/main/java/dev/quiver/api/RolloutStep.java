package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One step of a canary rollout: the new revision's share of the traffic and how long it holds at least. */
public class RolloutStep extends ApiValue {

    /** Share of the traffic the new revision receives during this step. */
    @JsonPropertyDescription("Percent of the weighted traffic the new revision receives during this step, 1 to 100. "
            + "Steps must grow; a step at 100 ends the rollout, and one is added when the last step is below 100.")
    @Required
    @Min(1)
    @Max(100)
    public Integer weight;

    /** Least time at this weight before the next step. */
    @JsonPropertyDescription("Least time the step holds before the next one, e.g. 30s or 2m; the step also waits for "
            + "analysis.minRequests invocations and a passing analysis. Default 1m.")
    @Pattern(Durations.PATTERN)
    public String pause;

    /** A step. */
    public static RolloutStep of(int weight, String pause) {
        RolloutStep step = new RolloutStep();
        step.weight = weight;
        step.pause = pause;
        return step;
    }
}
