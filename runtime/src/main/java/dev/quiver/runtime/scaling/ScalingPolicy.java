package dev.quiver.runtime.scaling;

import dev.quiver.api.ScaleSpec;
import java.time.Duration;

/**
 * How one revision scales: Knative's KPA knobs, with Knative's defaults.
 *
 * <p>Immutable, like the revision it belongs to. Build it with {@link #from(ScaleSpec, int)} from a revision's
 * settings; the other knobs take Knative's cluster defaults ({@code config-autoscaler}).
 *
 * @param targetConcurrency      requests in flight (or queued) per replica that the autoscaler aims for; a soft
 *                               target ({@code autoscaling.knative.dev/target}, default 100)
 * @param targetUtilization      the share of {@code targetConcurrency} a replica is actually loaded to, so that
 *                               bursts find headroom (Knative's container-concurrency-target-percentage, 0.7)
 * @param minReplicas            fewest replicas; 0 lets an idle revision scale to zero
 * @param maxReplicas            most replicas, at least 1
 * @param stableWindow           window of the stable average (60 s)
 * @param panicWindow            window of the panic average (10 % of the stable window, 6 s)
 * @param panicThreshold         panic when the panic window wants this many times the current replicas (2.0)
 * @param maxScaleUpRate         at most this many times the current replicas in one decision (1000)
 * @param maxScaleDownRate       at least the current replicas divided by this in one decision (2)
 * @param scaleToZeroGracePeriod how long after the last demand an idle revision keeps its last replica (30 s)
 * @param activationScale        replicas to start at once when a revision at zero gets demand (1)
 */
public record ScalingPolicy(
        double targetConcurrency,
        double targetUtilization,
        int minReplicas,
        int maxReplicas,
        Duration stableWindow,
        Duration panicWindow,
        double panicThreshold,
        double maxScaleUpRate,
        double maxScaleDownRate,
        Duration scaleToZeroGracePeriod,
        int activationScale) {

    /** Knative's container-concurrency-target-percentage, as a fraction. */
    public static final double DEFAULT_TARGET_UTILIZATION = 0.7;
    /** Knative's stable-window. */
    public static final Duration DEFAULT_STABLE_WINDOW = Duration.ofSeconds(60);
    /** Knative's panic-window-percentage, as a fraction of the stable window. */
    public static final double DEFAULT_PANIC_WINDOW_FRACTION = 0.10;
    /** Knative's panic-threshold-percentage, as a factor. */
    public static final double DEFAULT_PANIC_THRESHOLD = 2.0;
    /** Knative's max-scale-up-rate. */
    public static final double DEFAULT_MAX_SCALE_UP_RATE = 1000.0;
    /** Knative's max-scale-down-rate. */
    public static final double DEFAULT_MAX_SCALE_DOWN_RATE = 2.0;
    /** Knative's activation-scale default. */
    public static final int DEFAULT_ACTIVATION_SCALE = 1;

    /** Checks the knobs; a bad one is an {@link IllegalArgumentException} that names it. */
    public ScalingPolicy {
        require(targetConcurrency > 0, "targetConcurrency must be positive, got " + targetConcurrency);
        require(targetUtilization > 0 && targetUtilization <= 1,
                "targetUtilization must be in (0, 1], got " + targetUtilization);
        require(minReplicas >= 0, "minReplicas must not be negative, got " + minReplicas);
        require(maxReplicas >= 1, "maxReplicas must be at least 1, got " + maxReplicas);
        require(minReplicas <= maxReplicas,
                "minReplicas (" + minReplicas + ") must not be greater than maxReplicas (" + maxReplicas + ")");
        require(stableWindow != null && stableWindow.compareTo(Duration.ofSeconds(1)) >= 0,
                "stableWindow must be at least 1s, got " + stableWindow);
        require(panicWindow != null && panicWindow.compareTo(Duration.ofSeconds(1)) >= 0
                        && panicWindow.compareTo(stableWindow) <= 0,
                "panicWindow must be between 1s and the stable window (" + stableWindow + "), got " + panicWindow);
        require(panicThreshold >= 1, "panicThreshold must be at least 1.0, got " + panicThreshold);
        require(maxScaleUpRate > 1, "maxScaleUpRate must be greater than 1, got " + maxScaleUpRate);
        require(maxScaleDownRate > 1, "maxScaleDownRate must be greater than 1, got " + maxScaleDownRate);
        require(scaleToZeroGracePeriod != null && !scaleToZeroGracePeriod.isNegative(),
                "scaleToZeroGracePeriod must not be negative, got " + scaleToZeroGracePeriod);
        require(activationScale >= 1, "activationScale must be at least 1, got " + activationScale);
    }

    /** The policy of a revision without a hard concurrency limit: {@code from(scale, 0)}. */
    public static ScalingPolicy from(ScaleSpec scale) {
        return from(scale, 0);
    }

    /**
     * The policy of a revision, Knative's defaults for every knob the API does not expose.
     *
     * <p>As in Knative, a hard limit ({@code containerConcurrency > 0}) caps the soft target: a replica can
     * never hold more than the limit, so aiming above it would never scale up. When the spec names no target,
     * the limit is the target.
     *
     * @param scale                the revision's {@code scale} block; {@code null} means all defaults
     * @param containerConcurrency the revision's hard limit of requests per replica, 0 for none
     */
    public static ScalingPolicy from(ScaleSpec scale, int containerConcurrency) {
        ScaleSpec spec = scale == null ? new ScaleSpec() : scale;
        double target = spec.targetOrDefault();
        if (containerConcurrency > 0) {
            target = spec.target == null ? containerConcurrency : Math.min(target, containerConcurrency);
        }
        Duration panicWindow = Duration.ofMillis(Math.round(DEFAULT_STABLE_WINDOW.toMillis() * DEFAULT_PANIC_WINDOW_FRACTION));
        return new ScalingPolicy(target, DEFAULT_TARGET_UTILIZATION, spec.minOrDefault(), spec.maxOrDefault(),
                DEFAULT_STABLE_WINDOW, panicWindow, DEFAULT_PANIC_THRESHOLD, DEFAULT_MAX_SCALE_UP_RATE,
                DEFAULT_MAX_SCALE_DOWN_RATE, spec.scaleToZeroGracePeriodOrDefault(), DEFAULT_ACTIVATION_SCALE);
    }

    /** The load one replica is sized for: target concurrency times target utilization. */
    public double targetPerReplica() {
        return targetConcurrency * targetUtilization;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
