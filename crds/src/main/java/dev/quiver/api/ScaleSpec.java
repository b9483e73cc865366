package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/** Autoscaling of a revision: bounds, target and when to scale to zero (Knative's defaults). */
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
        message = "scale.min must not be greater than scale.max")
public class ScaleSpec extends ApiValue {

    /** Default of {@link #min}: an idle revision scales to zero. */
    public static final int DEFAULT_MIN = 0;
    /** Default of {@link #max}. */
    public static final int DEFAULT_MAX = 10;
    /** Default of {@link #target}, Knative's container-concurrency-target-default. */
    public static final int DEFAULT_TARGET = 100;
    /** Default of {@link #scaleToZeroGracePeriod}, Knative's. */
    public static final String DEFAULT_SCALE_TO_ZERO_GRACE_PERIOD = "30s";

    /** Fewest replicas; 0 allows scale to zero. */
    @JsonPropertyDescription("Fewest replicas. 0 lets an idle revision scale to zero.")
    @Default("" + DEFAULT_MIN)
    @Min(0)
    @Max(1000)
    public Integer min;

    /** Most replicas. */
    @JsonPropertyDescription("Most replicas.")
    @Default("" + DEFAULT_MAX)
    @Min(1)
    @Max(1000)
    public Integer max;

    /** Target requests in flight per replica. */
    @JsonPropertyDescription("Target requests in flight per replica that the autoscaler aims for (soft limit).")
    @Default("" + DEFAULT_TARGET)
    @Min(1)
    @Max(10000)
    public Integer target;

    /** How long an idle revision keeps its last replica. */
    @JsonPropertyDescription("How long an idle revision keeps its last replica before scaling to zero, e.g. 30s, 5m.")
    @Default(DEFAULT_SCALE_TO_ZERO_GRACE_PERIOD)
    @Pattern(Durations.PATTERN)
    public String scaleToZeroGracePeriod;

    /** Fewest replicas, defaulted. */
    public int minOrDefault() {
        return min == null ? DEFAULT_MIN : min;
    }

    /** Most replicas, defaulted. */
    public int maxOrDefault() {
        return max == null ? DEFAULT_MAX : max;
    }

    /** Target concurrency, defaulted. */
    public int targetOrDefault() {
        return target == null ? DEFAULT_TARGET : target;
    }

    /** Grace period before scale to zero, defaulted. */
    public Duration scaleToZeroGracePeriodOrDefault() {
        return Durations.parse(scaleToZeroGracePeriod == null ? DEFAULT_SCALE_TO_ZERO_GRACE_PERIOD : scaleToZeroGracePeriod);
    }
}
