package dev.quiver.runtime.scaling;

import java.time.Duration;

/** Test fixture: a {@link ScalingPolicy} with Knative's defaults and a small target, each knob overridable. */
final class PolicyBuilder {

    /** Target 10 at 70 % utilization: one replica per 7 requests in flight, so the arithmetic stays readable. */
    static final double PER_REPLICA = 7;

    private double target = 10;
    private int min;
    private int max = 1000;
    private double maxScaleUpRate = ScalingPolicy.DEFAULT_MAX_SCALE_UP_RATE;
    private double maxScaleDownRate = ScalingPolicy.DEFAULT_MAX_SCALE_DOWN_RATE;
    private Duration grace = Duration.ofSeconds(30);
    private int activationScale = 1;

    static PolicyBuilder aPolicy() {
        return new PolicyBuilder();
    }

    PolicyBuilder min(int value) {
        min = value;
        return this;
    }

    PolicyBuilder max(int value) {
        max = value;
        return this;
    }

    PolicyBuilder maxScaleUpRate(double value) {
        maxScaleUpRate = value;
        return this;
    }

    PolicyBuilder maxScaleDownRate(double value) {
        maxScaleDownRate = value;
        return this;
    }

    PolicyBuilder gracePeriod(Duration value) {
        grace = value;
        return this;
    }

    PolicyBuilder activationScale(int value) {
        activationScale = value;
        return this;
    }

    ScalingPolicy build() {
        return new ScalingPolicy(target, ScalingPolicy.DEFAULT_TARGET_UTILIZATION, min, max,
                Duration.ofSeconds(60), Duration.ofSeconds(6), ScalingPolicy.DEFAULT_PANIC_THRESHOLD,
                maxScaleUpRate, maxScaleDownRate, grace, activationScale);
    }
}
