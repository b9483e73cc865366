package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollout of a Function's newest revision, as {@link dev.quiver.api.rollout.RolloutJudge} last decided it.
 */
public class RolloutStatus extends ApiValue {

    /** The revision being rolled out. */
    @JsonPropertyDescription("The revision being rolled out.")
    public String revision;

    /** The revision it is judged against and that takes the traffic back on failure. */
    @JsonPropertyDescription("The revision the new one is judged against, and that takes the traffic back on failure.")
    public String stableRevision;

    /** Where the rollout stands. */
    @JsonPropertyDescription("SmokeTesting, Progressing, Paused, Succeeded, RolledBack or SmokeTestFailed.")
    public RolloutPhase phase;

    /** The step in progress. */
    @JsonPropertyDescription("The step in progress or last reached: 1 is the first step of the plan, 0 the smoke test.")
    public Integer step;

    /** How many steps the plan has. */
    @JsonPropertyDescription("How many steps the plan has, the last one at 100 %.")
    public Integer steps;

    /** The new revision's share now. */
    @JsonPropertyDescription("The new revision's percent of the weighted traffic now; the stable revision has the rest.")
    public Integer currentWeight;

    /** When the step in progress began. */
    @JsonPropertyDescription("When the step in progress began (RFC 3339); its pause and measurements count from here.")
    public String stepStartedAt;

    /** The most recent measurement. */
    @JsonPropertyDescription("The most recent measurement of the step in progress.")
    public RolloutMeasurement lastAnalysis;

    /** What is happening, in words. */
    @JsonPropertyDescription("What is happening and why, with the numbers, e.g. 'waiting for requests: 12 of 20'.")
    public String message;

    /** The counts the step in progress is measured from. */
    @JsonPropertyDescription("The gateway's running counts of both revisions when the step in progress began.")
    public RolloutBaseline baseline;

    /** The last promote or abort acted on. */
    @JsonPropertyDescription("The last promote or abort command acted on (the Function's quiver.dev/rollout-command "
            + "annotation), so that each is acted on once.")
    public String command;

    /** The decided steps. */
    @JsonPropertyDescription("The decided steps, oldest first, each with the numbers that decided it.")
    public List<RolloutDecision> decisions = new ArrayList<>();
}
