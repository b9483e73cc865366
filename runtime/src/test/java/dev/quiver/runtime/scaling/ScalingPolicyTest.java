package dev.quiver.runtime.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.api.ScaleSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

    @Test
    void missingScaleSpecGivesKnativeDefaults() {
        ScalingPolicy policy = ScalingPolicy.from(null);

        assertThat(policy.targetConcurrency()).isEqualTo(ScaleSpec.DEFAULT_TARGET);
        assertThat(policy.targetUtilization()).isEqualTo(0.7);
        assertThat(policy.minReplicas()).isZero();
        assertThat(policy.maxReplicas()).isEqualTo(ScaleSpec.DEFAULT_MAX);
        assertThat(policy.stableWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.panicWindow()).isEqualTo(Duration.ofSeconds(6));
        assertThat(policy.panicThreshold()).isEqualTo(2.0);
        assertThat(policy.maxScaleUpRate()).isEqualTo(1000.0);
        assertThat(policy.maxScaleDownRate()).isEqualTo(2.0);
        assertThat(policy.scaleToZeroGracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.activationScale()).isEqualTo(1);
    }

    @Test
    void scaleSpecSetsBoundsTargetAndGracePeriod() {
        ScalingPolicy policy = ScalingPolicy.from(scale(2, 7, 50, "2m"));

        assertThat(policy.minReplicas()).isEqualTo(2);
        assertThat(policy.maxReplicas()).isEqualTo(7);
        assertThat(policy.targetConcurrency()).isEqualTo(50);
        assertThat(policy.targetPerReplica()).isEqualTo(35);
        assertThat(policy.scaleToZeroGracePeriod()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void hardConcurrencyLimitCapsTheTarget() {
        assertThat(ScalingPolicy.from(scale(0, 3, 50, "30s"), 10).targetConcurrency()).isEqualTo(10);
        assertThat(ScalingPolicy.from(scale(0, 3, 5, "30s"), 10).targetConcurrency()).isEqualTo(5);
    }

    @Test
    void hardConcurrencyLimitIsTheTargetWhenSpecNamesNone() {
        assertThat(ScalingPolicy.from(new ScaleSpec(), 4).targetConcurrency()).isEqualTo(4);
    }

    @Test
    void minAboveMaxIsRejectedNamingBoth() {
        assertThatThrownBy(() -> ScalingPolicy.from(scale(5, 2, 10, "30s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minReplicas (5)").hasMessageContaining("maxReplicas (2)");
    }

    @Test
    void panicWindowLongerThanStableWindowIsRejected() {
        assertThatThrownBy(() -> new ScalingPolicy(10, 0.7, 0, 1, Duration.ofSeconds(10), Duration.ofSeconds(20),
                2, 1000, 2, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("panicWindow");
    }

    private static ScaleSpec scale(int min, int max, int target, String grace) {
        ScaleSpec spec = new ScaleSpec();
        spec.min = min;
        spec.max = max;
        spec.target = target;
        spec.scaleToZeroGracePeriod = grace;
        return spec;
    }
}
