package dev.quiver.api.rollout;

import dev.quiver.api.RolloutMeasurement;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * Judges one step's measurements against the limits: fail, wait for more invocations, or pass, each with a
 * sentence that carries the numbers.
 *
 * <p>A rate is judged over at least {@code minRequests} invocations: with fewer, the failures so far are counted as
 * if every invocation still missing succeeds. So 2 failures in the first 5 requests of a step that needs 100, with
 * 1 % allowed, fail the step at once (more than 1 % of 100 whatever follows), while 1 failure in 5 waits. Latency
 * needs a full sample: it is compared once the step has its minimum and the stable revision served requests too.
 */
final class Analysis {

    /** What the measurements say. */
    enum Kind { FAIL, WAIT, PASS }

    /**
     * The outcome.
     *
     * @param kind        fail, wait or pass
     * @param reason      the numbers in words
     * @param measurement the numbers for the status
     */
    record Result(Kind kind, String reason, RolloutMeasurement measurement) {
    }

    private Analysis() {
    }

    static Result judge(RolloutPlan.Limits limits, RevisionWindow canary, RevisionWindow stable, Instant now) {
        RolloutMeasurement measurement = measurement(canary, stable, now);
        long needed = limits.minRequests();
        if (overLimit(canary.failures(), canary.requests(), needed, limits.maxErrorRate())) {
            return new Result(Kind.FAIL, "error rate " + percent(canary.errorRate()) + " > " + number(limits.maxErrorRate())
                    + " % over " + count(canary.requests(), "request") + failures(canary) + atLeast(canary.requests(), needed),
                    measurement);
        }
        if (overLimit(canary.deadLetters(), canary.events(), needed, limits.maxDeadLetterRate())) {
            return new Result(Kind.FAIL, "dead-letter rate " + percent(canary.deadLetterRate()) + " > "
                    + number(limits.maxDeadLetterRate()) + " % over " + count(canary.events(), "event")
                    + atLeast(canary.events(), needed), measurement);
        }
        if (canary.invocations() < needed) {
            return new Result(Kind.WAIT, "waiting for requests: " + canary.invocations() + " of " + needed
                    + " invocations since the step began", measurement);
        }
        String errors = "error rate " + percent(canary.errorRate()) + " ≤ " + number(limits.maxErrorRate()) + " % over "
                + count(canary.requests(), "request");
        if (canary.requests() == 0 || stable.requests() == 0) {
            return new Result(Kind.PASS, errors + (canary.requests() == 0 ? "" : ", p95 " + canary.p95Millis()
                    + " ms not compared: the stable revision served no requests") + deadLetters(canary, limits), measurement);
        }
        double ratio = (double) canary.p95Millis() / Math.max(1, stable.p95Millis());
        String latency = "p95 " + canary.p95Millis() + " ms is " + number(round(ratio)) + " × the stable revision's "
                + stable.p95Millis() + " ms";
        if (ratio > limits.maxLatencyRatio()) {
            return new Result(Kind.FAIL, latency + " > " + number(limits.maxLatencyRatio()) + " × over "
                    + count(canary.requests(), "request"), measurement);
        }
        return new Result(Kind.PASS, errors + ", " + latency + " ≤ " + number(limits.maxLatencyRatio()) + " ×"
                + deadLetters(canary, limits), measurement);
    }

    /** Whether the failures exceed the limit over at least {@code needed} invocations (see the class comment). */
    private static boolean overLimit(long failures, long total, long needed, double maxPercent) {
        long over = Math.max(total, needed);
        return over > 0 && 100.0 * failures / over > maxPercent;
    }

    private static String failures(RevisionWindow canary) {
        return " (" + canary.errors() + " 5xx, " + canary.timeouts() + " timeouts)";
    }

    private static String atLeast(long seen, long needed) {
        return seen >= needed ? "" : ", already over the limit for the " + needed + " a step needs";
    }

    private static String deadLetters(RevisionWindow canary, RolloutPlan.Limits limits) {
        return canary.events() == 0 ? "" : ", dead-letter rate " + percent(canary.deadLetterRate()) + " ≤ "
                + number(limits.maxDeadLetterRate()) + " % over " + count(canary.events(), "event");
    }

    static RolloutMeasurement measurement(RevisionWindow canary, RevisionWindow stable, Instant now) {
        RolloutMeasurement measurement = new RolloutMeasurement();
        measurement.requests = canary.requests();
        measurement.errorRate = round(canary.errorRate());
        measurement.p95Millis = canary.p95Millis();
        measurement.stableP95Millis = stable.p95Millis();
        measurement.events = canary.events();
        measurement.deadLetterRate = round(canary.deadLetterRate());
        measurement.measuredAt = now.toString();
        return measurement;
    }

    /** A percent with one decimal: {@code 5.2 %}. */
    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }

    /** A limit as the user wrote it: {@code 1}, {@code 1.5}. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
