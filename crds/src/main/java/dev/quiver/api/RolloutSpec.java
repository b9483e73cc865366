package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * How each new revision takes over from the stable one: a canary in judged steps, or blue/green behind a smoke
 * test; in the style of Flagger's canary analysis, judged on the gateway's own per-revision measurements.
 * The effective plan, defaults applied, is {@link dev.quiver.api.rollout.RolloutPlan}; its rules are
 * {@link dev.quiver.api.validation.RolloutChecks}.
 */
@ValidationRule(value = "!has(self.mode) || self.mode != 'BlueGreen' || !has(self.steps) || self.steps.size() == 0",
        message = "mode BlueGreen has no steps: it moves from 0 to 100 % when the smoke test passes")
@ValidationRule(value = "!has(self.steps) || self.steps.map(s, s.weight).isSorted()",
        message = "rollout steps must grow in weight")
public class RolloutSpec extends ApiValue {

    /** Most steps. */
    public static final int MAX_STEPS = 20;
    /** Default of {@link #mode}, a {@link RolloutMode} name. */
    public static final String DEFAULT_MODE = "Canary";
    /** Default of {@link #onFailure}, a {@link RolloutFailurePolicy} name. */
    public static final String DEFAULT_ON_FAILURE = "Rollback";
    /** Default pause of a step. */
    public static final String DEFAULT_PAUSE = "1m";
    /** Default weights of the steps (100 ends the rollout). */
    public static final List<Integer> DEFAULT_WEIGHTS = List.of(10, 25, 50, 100);

    /** Canary or BlueGreen. */
    @JsonPropertyDescription("Canary: the new revision's share grows step by step, each step judged by analysis. "
            + "BlueGreen: 0 % until the smoke test passes, then 100 %. Default Canary.")
    @Default(DEFAULT_MODE)
    public RolloutMode mode;

    /** The canary's steps. */
    @JsonPropertyDescription("Canary only: the steps, growing in weight; 100 is added when the last is below. "
            + "Default 10, 25, 50, 100 %, each holding 1m.")
    @Size(max = MAX_STEPS)
    public List<RolloutStep> steps = new ArrayList<>();

    /** The limits each step is judged by. */
    @JsonPropertyDescription("The limits each step is judged by, measured by the gateway per revision (no Prometheus needed).")
    public RolloutAnalysis analysis;

    /** Requests the new revision must answer before user traffic. */
    @JsonPropertyDescription("Requests sent to the new revision by its tag before any user traffic; required for BlueGreen.")
    public SmokeTest smokeTest;

    /** What a failed analysis does. */
    @JsonPropertyDescription("What a failed analysis does. Rollback: the stable revision takes 100 % at once. "
            + "Pause: the weight stays until someone promotes or aborts. Default Rollback.")
    @Default(DEFAULT_ON_FAILURE)
    public RolloutFailurePolicy onFailure;

    /** The mode, defaulted. */
    public RolloutMode modeOrDefault() {
        return mode == null ? RolloutMode.valueOf(DEFAULT_MODE) : mode;
    }

    /** The failure policy, defaulted. */
    public RolloutFailurePolicy onFailureOrDefault() {
        return onFailure == null ? RolloutFailurePolicy.valueOf(DEFAULT_ON_FAILURE) : onFailure;
    }

    /** The analysis limits, or an empty object that means all defaults. */
    public RolloutAnalysis analysisOrDefault() {
        return analysis == null ? new RolloutAnalysis() : analysis;
    }

    /** The smoke test, or one without requests. */
    public SmokeTest smokeTestOrDefault() {
        return smokeTest == null ? new SmokeTest() : smokeTest;
    }
}
