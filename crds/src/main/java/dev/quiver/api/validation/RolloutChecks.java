package dev.quiver.api.validation;

import dev.quiver.api.Durations;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules for {@code spec.rollout}: steps that grow from 1 to at most 100 %, durations that parse, limits in their
 * range, and a smoke test whose requests the gateway can send to the new revision by tag (the function's own paths,
 * never {@code /fn/...}). Blue/green has no steps and needs a smoke test, which is its only gate.
 *
 * <p>Called by {@link FunctionValidator}; the paths in the problems start at {@code spec.rollout}.
 */
public final class RolloutChecks {

    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$");
    private static final Pattern METHOD = Pattern.compile("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$");
    private static final String PATH = "spec.rollout";

    private final List<Problem> problems = new ArrayList<>();
    private final BiConsumer<String, String> report = (path, message) -> problems.add(new Problem(path, message));

    private RolloutChecks() {
    }

    /** Every problem of the rollout settings; empty when they are valid or absent. */
    public static List<Problem> check(RolloutSpec rollout) {
        RolloutChecks checks = new RolloutChecks();
        if (rollout != null) {
            checks.checkRollout(rollout);
        }
        return List.copyOf(checks.problems);
    }

    private void checkRollout(RolloutSpec rollout) {
        List<RolloutStep> steps = rollout.steps == null ? List.of() : rollout.steps;
        if (rollout.modeOrDefault() == RolloutMode.BlueGreen) {
            if (!steps.isEmpty()) {
                report.accept(PATH + ".steps", "mode BlueGreen has no steps: it moves from 0 to 100 % when the smoke "
                        + "test passes; remove steps, or use mode Canary");
            }
            if (rollout.smokeTestOrDefault().requests.isEmpty()) {
                report.accept(PATH + ".smokeTest", "mode BlueGreen needs smokeTest.requests: the smoke test is its only "
                        + "gate before the new revision takes 100 %");
            }
        }
        checkSteps(steps);
        checkAnalysis(rollout.analysisOrDefault());
        checkSmokeTest(rollout.smokeTestOrDefault());
    }

    private void checkSteps(List<RolloutStep> steps) {
        if (steps.size() > RolloutSpec.MAX_STEPS) {
            report.accept(PATH + ".steps", "has " + steps.size() + " steps; at most " + RolloutSpec.MAX_STEPS);
        }
        int before = 0;
        for (int i = 0; i < steps.size(); i++) {
            RolloutStep step = steps.get(i);
            String path = PATH + ".steps[" + i + "]";
            if (step.weight == null || step.weight < 1 || step.weight > 100) {
                report.accept(path + ".weight", step.weight == null ? "is required: the new revision's percent, 1 to 100"
                        : "must be between 1 and 100 percent, got " + step.weight);
            } else if (step.weight <= before) {
                report.accept(path + ".weight", step.weight + " does not grow from the step before (" + before
                        + " %); steps must grow, e.g. 10, 25, 50, 100, and a step at 100 % ends the rollout");
            } else {
                before = step.weight;
            }
            checkDuration(path + ".pause", step.pause, false);
        }
    }

    private void checkAnalysis(RolloutAnalysis analysis) {
        String path = PATH + ".analysis";
        checkDuration(path + ".interval", analysis.interval, true);
        checkPercent(path + ".maxErrorRate", analysis.maxErrorRate);
        checkPercent(path + ".maxDeadLetterRate", analysis.maxDeadLetterRate);
        if (analysis.maxLatencyRatio != null && !(analysis.maxLatencyRatio > 0 && analysis.maxLatencyRatio <= 1000)) {
            report.accept(path + ".maxLatencyRatio", "must be greater than 0 and at most 1000, got " + analysis.maxLatencyRatio
                    + "; 1.5 lets the new revision's p95 be 50 % above the stable revision's");
        }
        if (analysis.minRequests != null && (analysis.minRequests < 0 || analysis.minRequests > 1_000_000)) {
            report.accept(path + ".minRequests", "must be between 0 (move on time alone) and 1000000, got " + analysis.minRequests);
        }
    }

    private void checkPercent(String path, Double value) {
        if (value != null && !(value >= 0 && value <= 100)) {
            report.accept(path, "must be a percent between 0 and 100, got " + value);
        }
    }

    private void checkDuration(String path, String duration, boolean positive) {
        if (duration == null) {
            return;
        }
        if (!Durations.isValid(duration)) {
            report.accept(path, "'" + duration + "' is not a duration; write it like 500ms, 30s, 5m or 1h30m");
        } else if (positive && Durations.parse(duration).compareTo(Duration.ofSeconds(1)) < 0) {
            report.accept(path, "'" + duration + "' is shorter than 1s; the gateway's windows need at least a second");
        }
    }

    private void checkSmokeTest(SmokeTest smokeTest) {
        List<SmokeRequest> requests = smokeTest.requests == null ? List.of() : smokeTest.requests;
        if (requests.size() > SmokeTest.MAX_REQUESTS) {
            report.accept(PATH + ".smokeTest.requests", "has " + requests.size() + " requests; at most "
                    + SmokeTest.MAX_REQUESTS + ", a smoke test checks that the revision works, not how it performs");
        }
        for (int i = 0; i < requests.size(); i++) {
            checkRequest(PATH + ".smokeTest.requests[" + i + "]", requests.get(i));
        }
    }

    private void checkRequest(String path, SmokeRequest request) {
        if (request.method != null && !METHOD.matcher(request.method).matches()) {
            report.accept(path + ".method", "'" + request.method + "' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        }
        String target = request.path;
        if (target == null || !target.startsWith("/") || target.chars().anyMatch(c -> c <= ' ') || target.contains("#")) {
            report.accept(path + ".path", "'" + target + "' must be a path starting with '/', without spaces or "
                    + "fragment, e.g. /health or /check?url=https://example.com");
        } else if (target.equals("/fn") || target.startsWith("/fn/") || target.startsWith("/fn?")) {
            report.accept(path + ".path", "'" + target + "' is the gateway's route; give the function's own path, "
                    + "e.g. /health: the gateway sends it to the new revision by tag");
        }
        if (request.body != null && request.body.length() > SmokeRequest.MAX_BODY) {
            report.accept(path + ".body", "is " + request.body.length() + " characters long; at most " + SmokeRequest.MAX_BODY);
        }
        for (Map.Entry<String, String> header : request.headers.entrySet()) {
            if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                report.accept(path + ".headers", "'" + header.getKey() + "' is not a valid header name");
            } else if (header.getValue() == null || header.getValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                report.accept(path + ".headers." + header.getKey(), "needs a value on one line");
            }
        }
        if (request.expect != null && request.expect.status != null
                && (request.expect.status < 100 || request.expect.status > 599)) {
            report.accept(path + ".expect.status", "must be an HTTP status between 100 and 599, got " + request.expect.status);
        }
    }
}
