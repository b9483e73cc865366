package dev.quiver.runtime.invoke;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How one {@link Invocation} ended.
 *
 * @param status      the HTTP status the function (or the gateway, for 502/503/504) answered; 0 when no answer
 *                    came at all (connection refused, runtime shutting down)
 * @param contentType the answer's media type, or null
 * @param body        the answer's body (empty when none)
 * @param revision    the revision that served it, or null when none did
 * @param error       why it failed, in words a person can act on; null on success
 * @param duration    how long it took
 * @param exitCode    for Job mode, the process's exit code; null in Service mode
 */
public record InvocationResult(int status, String contentType, byte[] body, String revision, String error,
        Duration duration, Integer exitCode) {

    /** The error code of an answer longer than the runtime reads. */
    public static final String RESULT_TOO_LARGE = "ResultTooLarge";

    /** Makes a missing body empty. */
    public InvocationResult {
        body = body == null ? new byte[0] : body;
    }

    /** A failure before any function answered. */
    public static InvocationResult failed(String error, Duration duration) {
        return new InvocationResult(0, null, new byte[0], null, error, duration, null);
    }

    /**
     * The result of an answer longer than the runtime reads: 502 with a JSON error body
     * {@code {"error":"ResultTooLarge","message"}}; the rest of the answer was not read.
     *
     * @param who      who answered, for the message ("the job", "the function")
     * @param answered the status that came with the answer
     * @param limit    the most bytes read
     */
    public static InvocationResult tooLarge(String who, int answered, long limit, String revision, Duration duration,
            Integer exitCode) {
        String message = who + " answered " + answered + " with more than " + limit + " bytes";
        byte[] body = ("{\"error\":\"" + RESULT_TOO_LARGE + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return new InvocationResult(502, "application/json", body, revision, RESULT_TOO_LARGE + ": " + message,
                duration, exitCode);
    }

    /** Whether the function handled it: a 2xx answer (and, in Job mode, exit code 0). */
    public boolean succeeded() {
        return status >= 200 && status < 300 && (exitCode == null || exitCode == 0);
    }

    /**
     * Whether trying again later may help: no answer, 5xx, 429 or 408. A 4xx other than those says the event
     * itself is bad, so it goes to the dead-letter subject at once instead of looping.
     */
    public boolean retryable() {
        return !succeeded() && (status == 0 || status >= 500 || status == 429 || status == 408);
    }
}
