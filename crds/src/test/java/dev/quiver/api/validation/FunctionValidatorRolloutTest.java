package dev.quiver.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.TrafficTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.rollout on a Function: its own rules surface in the Function's problems, and the rollout's tags are its own. */
class FunctionValidatorRolloutTest {

    @Test
    void aFunctionWithTheFullRolloutIsValid() {
        Function function = Functions.valid("hello").with(f -> f.getSpec().rollout = Functions.fullRollout()).build();

        assertThat(FunctionValidator.validate(function)).isEmpty();
    }

    @Test
    void aTargetTaggedCanaryIsRefusedWhileARolloutIsSet() {
        Function function = Functions.valid("hello").with(f -> {
            f.getSpec().rollout = new RolloutSpec();
            f.getSpec().traffic = new ArrayList<>(List.of(TrafficTarget.latest(100).withTag("canary")));
        }).build();

        assertThat(FunctionValidator.validate(function)).containsExactly(new Problem("spec.traffic[0].tag",
                "'canary' is the rollout's tag for its new revision while spec.rollout is set; choose another tag"));
    }

    @Test
    void aTargetTaggedStableIsRefusedWhileARolloutIsSet() {
        Function function = Functions.withTraffic("hello").with(f -> f.getSpec().rollout = new RolloutSpec()).build();

        assertThat(FunctionValidator.validate(function)).containsExactly(new Problem("spec.traffic[1].tag",
                "'stable' is the rollout's tag for its stable revision while spec.rollout is set; choose another tag"));
    }

    @Test
    void theRolloutTagsAreOrdinaryTagsWithoutARollout() {
        assertThat(FunctionValidator.validate(Functions.withTraffic("hello").build())).isEmpty();
    }

    @Test
    void blueGreenWithoutASmokeTestIsAProblemOfTheFunction() {
        Function function = Functions.valid("hello").with(f -> {
            f.getSpec().rollout = new RolloutSpec();
            f.getSpec().rollout.mode = RolloutMode.BlueGreen;
        }).build();

        assertThat(FunctionValidator.validate(function)).containsExactly(new Problem("spec.rollout.smokeTest",
                "mode BlueGreen needs smokeTest.requests: the smoke test is its only gate before the new revision takes 100 %"));
    }

    @Test
    void rolloutProblemsAreReportedBesideTheOthers() {
        Function function = Functions.valid("hello").with(f -> {
            f.getSpec().traffic = new ArrayList<>(List.of(TrafficTarget.latest(50).withTag("stable")));
            f.getSpec().rollout = new RolloutSpec();
            f.getSpec().rollout.steps.add(RolloutStep.of(50, "1m"));
            f.getSpec().rollout.steps.add(RolloutStep.of(20, "1m"));
        }).build();

        assertThat(FunctionValidator.validate(function)).containsExactly(
                new Problem("spec.traffic", "the percents of the targets without a match rule add up to 50; they must add up to 100"),
                new Problem("spec.rollout.steps[1].weight", "20 does not grow from the step before (50 %); steps must grow, "
                        + "e.g. 10, 25, 50, 100, and a step at 100 % ends the rollout"),
                new Problem("spec.traffic[0].tag",
                        "'stable' is the rollout's tag for its stable revision while spec.rollout is set; choose another tag"));
    }
}
