package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * The limits a canary is judged by, measured by the gateway per revision since the step began; no Prometheus
 * is involved. A limit that is crossed ends the step at once (rollback or pause, per {@code onFailure}).
 */
public class RolloutAnalysis extends ApiValue {

    /** Default of {@link #interval}. */
    public static final String DEFAULT_INTERVAL = "30s";
    /** Default of {@link #maxErrorRate}, in percent. */
    public static final double DEFAULT_MAX_ERROR_RATE = 1.0;
    /** Default of {@link #maxLatencyRatio}. */
    public static final double DEFAULT_MAX_LATENCY_RATIO = 1.5;
    /** Default of {@link #maxDeadLetterRate}, in percent. */
    public static final double DEFAULT_MAX_DEAD_LETTER_RATE = 1.0;
    /** Default of {@link #minRequests}. */
    public static final int DEFAULT_MIN_REQUESTS = 20;

    /** How often the measurements are judged. */
    @JsonPropertyDescription("How often the new revision's measurements are judged, e.g. 30s; a crossed limit is acted "
            + "on within one interval.")
    @Default(DEFAULT_INTERVAL)
    @Pattern(Durations.PATTERN)
    public String interval;

    /** Highest share of failed requests. */
    @JsonPropertyDescription("Highest percent of the new revision's requests that may fail (5xx responses, "
            + "timeouts) during a step, 0 to 100. Default 1.")
    @Default("" + DEFAULT_MAX_ERROR_RATE)
    @Min(0)
    @Max(100)
    public Double maxErrorRate;

    /** Highest p95 latency relative to the stable revision. */
    @JsonPropertyDescription("Highest p95 latency of the new revision divided by the stable revision's p95 over the "
            + "same time, e.g. 1.5 allows 50 % slower. Judged once both served requests. Default 1.5.")
    @Default("" + DEFAULT_MAX_LATENCY_RATIO)
    @Min(0.01)
    @Max(1000)
    public Double maxLatencyRatio;

    /** Highest share of events that end as dead letters. */
    @JsonPropertyDescription("Highest percent of the new revision's events (JetStream triggers) that end as dead "
            + "letters during a step, 0 to 100. Default 1.")
    @Default("" + DEFAULT_MAX_DEAD_LETTER_RATE)
    @Min(0)
    @Max(100)
    public Double maxDeadLetterRate;

    /** Fewest invocations before a step may pass. */
    @JsonPropertyDescription("Fewest invocations (HTTP requests plus events) the new revision must serve in a step "
            + "before the step may pass; 0 moves on time alone. Default 20.")
    @Default("" + DEFAULT_MIN_REQUESTS)
    @Min(0)
    @Max(1000000)
    public Integer minRequests;
}
