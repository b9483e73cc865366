package dev.quiver.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.testing.Functions;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.SmokeExpectation;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rollout settings (the future {@code spec.rollout}, issue 14): each invalid rollout, made from a valid one by one
 * change, reports exactly what to fix.
 */
class RolloutChecksTest {

    private static final String DURATION_RULE = " is not a duration; write it like 500ms, 30s, 5m or 1h30m";
    private static final String GROW_RULE = "; steps must grow, e.g. 10, 25, 50, 100, and a step at 100 % ends the rollout";

    @Test
    void aRolloutThatSetsEveryFieldIsValid() {
        assertThat(RolloutChecks.check(Functions.fullRollout())).isEmpty();
    }

    @Test
    void anEmptyRolloutMeaningAllDefaultsIsValid() {
        assertThat(RolloutChecks.check(new RolloutSpec())).isEmpty();
    }

    @Test
    void blueGreenWithASmokeTestIsValid() {
        assertThat(RolloutChecks.check(blueGreen(r -> { }))).isEmpty();
    }

    @Test
    void stepsThatStopShortOf100AreValid() {
        assertThat(RolloutChecks.check(canary(r -> r.steps = List.of(step(1, "10s"), step(99, "1h"))))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRollouts")
    void invalidRolloutReportsExactlyItsProblems(RolloutSpec rollout, Problem[] expected) {
        assertThat(RolloutChecks.check(rollout)).containsExactly(expected);
    }

    static Stream<Arguments> invalidRollouts() {
        return Stream.of(
                invalid("blue/green with steps", blueGreen(r -> r.steps = List.of(step(50, "1m"))),
                        problem("spec.rollout.steps", "mode BlueGreen has no steps: it moves from 0 to 100 % when the smoke "
                                + "test passes; remove steps, or use mode Canary")),
                invalid("blue/green without a smoke test", blueGreen(r -> r.smokeTest = null),
                        problem("spec.rollout.smokeTest", "mode BlueGreen needs smokeTest.requests: the smoke test is its "
                                + "only gate before the new revision takes 100 %")),
                invalid("a step at 0 %", canary(r -> r.steps = List.of(step(0, "1m"), step(50, "1m"))),
                        problem("spec.rollout.steps[0].weight", "must be between 1 and 100 percent, got 0")),
                invalid("a step over 100 %", canary(r -> r.steps = List.of(step(150, "1m"))),
                        problem("spec.rollout.steps[0].weight", "must be between 1 and 100 percent, got 150")),
                invalid("a step without weight", canary(r -> r.steps = List.of(step(null, "1m"))),
                        problem("spec.rollout.steps[0].weight", "is required: the new revision's percent, 1 to 100")),
                invalid("steps that shrink", canary(r -> r.steps = List.of(step(10, "1m"), step(50, "1m"), step(25, "1m"))),
                        problem("spec.rollout.steps[2].weight", "25 does not grow from the step before (50 %)" + GROW_RULE)),
                invalid("a step after 100 %", canary(r -> r.steps = List.of(step(100, "1m"), step(100, "1m"))),
                        problem("spec.rollout.steps[1].weight", "100 does not grow from the step before (100 %)" + GROW_RULE)),
                invalid("a pause that is no duration", canary(r -> r.steps = List.of(step(10, "1 minute"))),
                        problem("spec.rollout.steps[0].pause", "'1 minute'" + DURATION_RULE)),
                invalid("too many steps", canary(r -> r.steps = IntStream.rangeClosed(1, 21).mapToObj(w -> step(w, "1s")).toList()),
                        problem("spec.rollout.steps", "has 21 steps; at most 20")),
                invalid("an interval that is no duration", analysis(a -> a.interval = "often"),
                        problem("spec.rollout.analysis.interval", "'often'" + DURATION_RULE)),
                invalid("an interval under a second", analysis(a -> a.interval = "500ms"),
                        problem("spec.rollout.analysis.interval", "'500ms' is shorter than 1s; the gateway's windows need at least a second")),
                invalid("an error rate over 100 %", analysis(a -> a.maxErrorRate = 101.0),
                        problem("spec.rollout.analysis.maxErrorRate", "must be a percent between 0 and 100, got 101.0")),
                invalid("a negative dead-letter rate", analysis(a -> a.maxDeadLetterRate = -1.0),
                        problem("spec.rollout.analysis.maxDeadLetterRate", "must be a percent between 0 and 100, got -1.0")),
                invalid("a latency ratio of 0", analysis(a -> a.maxLatencyRatio = 0.0),
                        problem("spec.rollout.analysis.maxLatencyRatio", "must be greater than 0 and at most 1000, got 0.0; "
                                + "1.5 lets the new revision's p95 be 50 % above the stable revision's")),
                invalid("a negative minimum", analysis(a -> a.minRequests = -5),
                        problem("spec.rollout.analysis.minRequests", "must be between 0 (move on time alone) and 1000000, got -5")),
                invalid("a smoke test through the gateway's route", smoke(q -> q.path = "/fn/hello/health"),
                        problem("spec.rollout.smokeTest.requests[0].path", "'/fn/hello/health' is the gateway's route; give "
                                + "the function's own path, e.g. /health: the gateway sends it to the new revision by tag")),
                invalid("a smoke test path without a slash", smoke(q -> q.path = "health"),
                        problem("spec.rollout.smokeTest.requests[0].path", "'health' must be a path starting with '/', without "
                                + "spaces or fragment, e.g. /health or /check?url=https://example.com")),
                invalid("a smoke test without a path", smoke(q -> q.path = null),
                        problem("spec.rollout.smokeTest.requests[0].path", "'null' must be a path starting with '/', without "
                                + "spaces or fragment, e.g. /health or /check?url=https://example.com")),
                invalid("a smoke test method that is no method", smoke(q -> q.method = "FETCH"),
                        problem("spec.rollout.smokeTest.requests[0].method", "'FETCH' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")),
                invalid("a smoke test header that is no header", smoke(q -> q.headers.put("bad header", "x")),
                        problem("spec.rollout.smokeTest.requests[0].headers", "'bad header' is not a valid header name")),
                invalid("a smoke test header value over two lines", smoke(q -> q.headers.put("x-test", "a\r\nx-admin: 1")),
                        problem("spec.rollout.smokeTest.requests[0].headers.x-test", "needs a value on one line")),
                invalid("a smoke test body too long", smoke(q -> q.body = "x".repeat(SmokeRequest.MAX_BODY + 1)),
                        problem("spec.rollout.smokeTest.requests[0].body", "is 16385 characters long; at most 16384")),
                invalid("an expected status that is no status", smoke(q -> {
                    q.expect = new SmokeExpectation();
                    q.expect.status = 700;
                }), problem("spec.rollout.smokeTest.requests[0].expect.status", "must be an HTTP status between 100 and 599, got 700")),
                invalid("too many smoke test requests", canary(r -> {
                    r.smokeTest = new SmokeTest();
                    IntStream.range(0, 11).forEach(i -> r.smokeTest.requests.add(SmokeRequest.of("GET", "/health")));
                }), problem("spec.rollout.smokeTest.requests", "has 11 requests; at most 10, a smoke test checks that the "
                        + "revision works, not how it performs")));
    }

    private static RolloutSpec canary(Consumer<RolloutSpec> change) {
        RolloutSpec rollout = new RolloutSpec();
        change.accept(rollout);
        return rollout;
    }

    private static RolloutSpec blueGreen(Consumer<RolloutSpec> change) {
        return canary(r -> {
            r.mode = RolloutMode.BlueGreen;
            r.smokeTest = new SmokeTest();
            r.smokeTest.requests.add(SmokeRequest.of("GET", "/health"));
            change.accept(r);
        });
    }

    private static RolloutSpec analysis(Consumer<RolloutAnalysis> change) {
        return canary(r -> {
            r.analysis = new RolloutAnalysis();
            change.accept(r.analysis);
        });
    }

    private static RolloutSpec smoke(Consumer<SmokeRequest> change) {
        return canary(r -> {
            SmokeRequest request = SmokeRequest.of("GET", "/health");
            change.accept(request);
            r.smokeTest = new SmokeTest();
            r.smokeTest.requests.add(request);
        });
    }

    private static RolloutStep step(Integer weight, String pause) {
        RolloutStep step = new RolloutStep();
        step.weight = weight;
        step.pause = pause;
        return step;
    }

    private static Arguments invalid(String name, RolloutSpec rollout, Problem... expected) {
        return Arguments.of(Named.of(name, rollout), expected);
    }

    private static Problem problem(String path, String message) {
        return new Problem(path, message);
    }
}
