package dev.quiver.cli.view;

import dev.quiver.api.Function;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.quiver.api.testing.Fixtures.canary;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static dev.quiver.api.testing.Fixtures.rollingOut;
import static org.assertj.core.api.Assertions.assertThat;

class RolloutViewTest {

    @Test
    void statusShowsWhereTheRolloutStandsTheLastMeasurementAndEveryDecidedStep() {
        Function hello = function("hello", readyOn("hello-00003"), canary(10, 25),
                rollingOut("hello-00003", "hello-00002", RolloutPhase.Progressing, "waiting for requests: 12 of 20"));

        String text = RolloutView.status(hello);

        assertThat(text).containsSubsequence(
                "Rollout of:", "hello",
                "Revision:", "hello-00003 (stable hello-00002)",
                "Phase:", "Progressing",
                "Step:", "2 of 3 at 25 %",
                "Message:", "waiting for requests: 12 of 20",
                "Last measurement:", "12 requests, error rate 0.5 %, p95 120 ms vs stable 100 ms",
                "Decisions:", "STEP", "WEIGHT", "VERDICT", "MESSAGE", "DECIDED",
                "1", "10%", "Passed", "40 requests, error rate 0.0 % <= 1 %", "2026-01-01T00:01:00Z");
        assertThat(text).as("no events were measured").doesNotContain("dead letters");
    }

    @Test
    void statusShowsEventsAndDeadLettersWhenTheRevisionHandledEvents() {
        Function hello = function("hello", canary(50),
                rollingOut("hello-00003", "hello-00002", RolloutPhase.Progressing, null));
        hello.getStatus().rollout.lastAnalysis.events = 30L;
        hello.getStatus().rollout.lastAnalysis.deadLetterRate = 3.33;

        assertThat(RolloutView.status(hello)).contains("30 events, dead letters 3.3 %");
    }

    @Test
    void withoutARolloutItSaysWhetherThereIsAPlan() {
        assertThat(RolloutView.status(function("hello"))).isEqualTo("hello has no rollout (spec.rollout is not set)\n");
        assertThat(RolloutView.status(function("hello", canary(50)))).startsWith("hello: no rollout has run yet");
    }

    @Test
    void onlyARolloutThatHasNotEndedIsRunning() {
        assertThat(RolloutView.running(function("hello", rollingOut("hello-00003", "hello-00002", RolloutPhase.Paused, null))))
                .isTrue();
        assertThat(RolloutView.running(function("hello", rollingOut("hello-00003", "hello-00002", RolloutPhase.RolledBack, null))))
                .isFalse();
        assertThat(RolloutView.running(function("hello", canary(50)))).isFalse();
    }

    @Test
    void theSmokeTestIsStepZero() {
        Function hello = function("hello", rollingOut("hello-00003", "hello-00002", RolloutPhase.SmokeTesting, null));
        hello.getStatus().rollout.step = 0;
        hello.getStatus().rollout.currentWeight = 0;

        assertThat(RolloutView.step(hello.getStatus().rollout)).isEqualTo("smoke test (before step 1 of 3) at 0 %");
    }

    @Test
    void theDescribeSectionShowsThePlanWithItsPausesAndLimitsThenTheRollout() {
        Function hello = function("hello", canary(10, 50),
                rollingOut("hello-00003", "hello-00002", RolloutPhase.Progressing, "step 2 holds until 00:01:30"));
        hello.getSpec().rollout.analysis = new RolloutAnalysis();
        hello.getSpec().rollout.analysis.maxErrorRate = 2.5;

        String text = RolloutView.section(hello);

        assertThat(text).containsSubsequence("Rollout:",
                "Plan:", "Canary: 10% for 30s, 50% for 30s, 100%; on failure Rollback",
                "Limits:", "error rate <= 2.5 %, p95 <= 1.5x stable, dead letters <= 1 %, at least 20 invocations a step, "
                        + "judged every 30s",
                "Revision:", "hello-00003 (stable hello-00002)",
                "Phase:", "Progressing, step 2 of 3 at 25 %",
                "Message:", "step 2 holds until 00:01:30",
                "Decisions:", "1", "10%", "Passed");
    }

    @Test
    void theDescribeSectionOfTheDefaultPlanAndOfBlueGreen() {
        RolloutSpec defaults = new RolloutSpec();
        RolloutSpec blueGreen = new RolloutSpec();
        blueGreen.mode = RolloutMode.BlueGreen;

        assertThat(RolloutView.plan(defaults)).isEqualTo("Canary: 10% for 1m, 25% for 1m, 50% for 1m, 100%; on failure Rollback");
        assertThat(RolloutView.plan(blueGreen)).startsWith("BlueGreen: 0% until the smoke test passes, then 100%");
        assertThat(RolloutView.section(function("hello", canary(50)))).contains("(no rollout has run yet)");
        assertThat(RolloutView.section(function("hello"))).isEmpty();
    }

    @Test
    void describeIncludesTheRolloutSectionOnlyWhenThereIsOne() {
        Function with = function("hello", canary(50), rollingOut("hello-00003", "hello-00002", RolloutPhase.Paused, "paused"));

        assertThat(FunctionView.describe(with, List.of())).containsSubsequence("Traffic:", "Rollout:", "Paused, step 2 of 3",
                "Conditions:");
        assertThat(FunctionView.describe(function("hello"), List.of())).doesNotContain("Rollout:");
    }
}
