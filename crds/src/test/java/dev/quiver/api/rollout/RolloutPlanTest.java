package dev.quiver.api.rollout;

import dev.quiver.api.testing.Rollouts;
import static dev.quiver.api.testing.Rollouts.analysis;
import static dev.quiver.api.testing.Rollouts.canary;
import static dev.quiver.api.testing.Rollouts.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.api.RolloutFailurePolicy;
import dev.quiver.api.RolloutMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The effective plan: the spec with every default applied and a canary that always ends at 100 %. */
class RolloutPlanTest {

    @Test
    void noRolloutSettingsGiveTheDocumentedDefaults() {
        RolloutPlan plan = RolloutPlan.of(null);

        assertThat(plan.mode()).isEqualTo(RolloutMode.Canary);
        assertThat(plan.steps()).containsExactly(minute(10), minute(25), minute(50), minute(100));
        assertThat(plan.limits()).isEqualTo(new RolloutPlan.Limits(Duration.ofSeconds(30), 1.0, 1.5, 1.0, 20));
        assertThat(plan.hasSmokeTest()).isFalse();
        assertThat(plan.onFailure()).isEqualTo(RolloutFailurePolicy.Rollback);
    }

    @Test
    void stepsThatStopShortOf100GetAFinalStepAt100() {
        RolloutPlan plan = RolloutPlan.of(canary(s -> s.steps.addAll(List.of(step(5, "30s"), step(20, null)))));

        assertThat(plan.steps()).containsExactly(new RolloutPlan.Step(5, Duration.ofSeconds(30)), minute(20),
                new RolloutPlan.Step(100, Duration.ZERO));
    }

    @Test
    void stepsThatEndAt100AreKeptAsWritten() {
        RolloutPlan plan = RolloutPlan.of(canary(s -> s.steps.addAll(List.of(step(50, "2m"), step(100, "1m")))));

        assertThat(plan.steps()).extracting(RolloutPlan.Step::weight).containsExactly(50, 100);
    }

    @Test
    void blueGreenIsOneStepAt100BehindTheSmokeTest() {
        RolloutPlan plan = RolloutPlan.of(Rollouts.blueGreen());

        assertThat(plan.steps()).containsExactly(new RolloutPlan.Step(100, Duration.ZERO));
        assertThat(plan.smokeTest()).extracting(r -> r.path).containsExactly("/health");
    }

    @Test
    void limitsThatAreSetReplaceTheirDefaultsOnly() {
        RolloutPlan plan = RolloutPlan.of(canary(s -> s.analysis = analysis(a -> {
            a.interval = "10s";
            a.maxLatencyRatio = 2.0;
            a.minRequests = 0;
        })));

        assertThat(plan.limits()).isEqualTo(new RolloutPlan.Limits(Duration.ofSeconds(10), 1.0, 2.0, 1.0, 0));
    }

    @Test
    void aPlanThatDoesNotEndAt100IsRefused() {
        assertThatThrownBy(() -> new RolloutPlan(RolloutMode.Canary, List.of(minute(50)), RolloutPlan.of(null).limits(),
                List.of(), RolloutFailurePolicy.Rollback))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends with a step at 100 %");
    }

    private static RolloutPlan.Step minute(int weight) {
        return new RolloutPlan.Step(weight, Duration.ofMinutes(1));
    }
}
