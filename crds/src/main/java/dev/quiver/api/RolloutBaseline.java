package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The gateway's counts of both revisions when the step in progress began; a step is judged on what came after. */
public class RolloutBaseline extends ApiValue {

    /** The new revision's counts at the step's start. */
    @JsonPropertyDescription("The new revision's running counts when the step began.")
    public RevisionCounts revision;

    /** The stable revision's counts at the step's start. */
    @JsonPropertyDescription("The stable revision's running counts when the step began.")
    public RevisionCounts stable;
}
