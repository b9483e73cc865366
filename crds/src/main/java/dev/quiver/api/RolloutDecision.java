package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One decided step of a rollout and the numbers that decided it. */
public class RolloutDecision extends ApiValue {

    /** The step decided. */
    @JsonPropertyDescription("The step decided: 1 is the first step of the plan, 0 the smoke test.")
    public Integer step;

    /** The new revision's weight during the step. */
    @JsonPropertyDescription("The new revision's percent of the traffic during the step.")
    public Integer weight;

    /** How it was decided. */
    @JsonPropertyDescription("SmokeTestPassed, SmokeTestFailed, Passed, Failed, Promoted, Aborted or Superseded.")
    public RolloutVerdict verdict;

    /** The numbers that decided it. */
    @JsonPropertyDescription("The measurements the verdict was based on; absent for the smoke test and manual decisions.")
    public RolloutMeasurement measurement;

    /** Why, in words with the numbers. */
    @JsonPropertyDescription("Why, with the measured numbers, e.g. 'error rate 5.2 % > 1 % over 400 requests at step 2 (25 %)'.")
    public String message;

    /** When. */
    @JsonPropertyDescription("When it was decided (RFC 3339).")
    public String decidedAt;
}
