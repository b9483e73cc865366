package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the gateway measured of a new revision (and its stable one) since a step began. */
public class RolloutMeasurement extends ApiValue {

    /** HTTP requests served by the new revision. */
    @JsonPropertyDescription("HTTP requests the new revision served since the step began.")
    public Long requests;

    /** Share of them that failed. */
    @JsonPropertyDescription("Percent of those requests that failed (5xx responses and timeouts).")
    public Double errorRate;

    /** The new revision's p95 latency. */
    @JsonPropertyDescription("p95 latency of the new revision, in milliseconds.")
    public Long p95Millis;

    /** The stable revision's p95 latency over the same time. */
    @JsonPropertyDescription("p95 latency of the stable revision over the same time, in milliseconds.")
    public Long stableP95Millis;

    /** Events the new revision handled. */
    @JsonPropertyDescription("Events (JetStream triggers) the new revision handled since the step began.")
    public Long events;

    /** Share of them that ended as dead letters. */
    @JsonPropertyDescription("Percent of those events that ended as dead letters.")
    public Double deadLetterRate;

    /** When it was measured. */
    @JsonPropertyDescription("When this was measured (RFC 3339).")
    public String measuredAt;
}
