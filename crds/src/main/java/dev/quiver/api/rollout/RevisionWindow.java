package dev.quiver.api.rollout;

/**
 * What the gateway saw of one revision since a rollout step began: the input of {@link RolloutJudge}. The runtime
 * counts these per revision anyway (every response names its revision); on a cluster the runtime's leader reports
 * them for the controller.
 *
 * @param requests    HTTP requests answered (or timed out)
 * @param errors      of those, responses with a 5xx status
 * @param timeouts    of those, requests that timed out (504 from the gateway); counted apart from {@code errors}
 * @param p95Millis   p95 latency of the requests, in milliseconds; 0 when there were none
 * @param deadLetters events that ended as dead letters
 * @param events      events handled (JetStream triggers), dead letters included
 */
public record RevisionWindow(long requests, long errors, long timeouts, long p95Millis, long deadLetters, long events) {

    /** A revision that saw nothing. */
    public static final RevisionWindow EMPTY = new RevisionWindow(0, 0, 0, 0, 0, 0);

    /** Checks the counts. */
    public RevisionWindow {
        // The fields are not assigned yet inside a compact constructor, so the message names the parameters.
        String counts = "requests=" + requests + ", errors=" + errors + ", timeouts=" + timeouts + ", p95Millis="
                + p95Millis + ", deadLetters=" + deadLetters + ", events=" + events;
        if (requests < 0 || errors < 0 || timeouts < 0 || p95Millis < 0 || deadLetters < 0 || events < 0) {
            throw new IllegalArgumentException("counts are never negative: " + counts);
        }
        if (errors + timeouts > requests || deadLetters > events) {
            throw new IllegalArgumentException("more failures than invocations: " + counts);
        }
    }

    /** Failed requests: 5xx and timeouts. */
    public long failures() {
        return errors + timeouts;
    }

    /** Percent of the requests that failed; 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : 100.0 * failures() / requests;
    }

    /** Percent of the events that ended as dead letters; 0 without events. */
    public double deadLetterRate() {
        return events == 0 ? 0 : 100.0 * deadLetters / events;
    }

    /** HTTP requests plus events: what counts towards a step's minimum. */
    public long invocations() {
        return requests + events;
    }
}
