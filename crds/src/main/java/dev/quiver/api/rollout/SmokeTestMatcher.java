package dev.quiver.api.rollout;

import dev.quiver.api.SmokeExpectation;
import dev.quiver.api.SmokeRequest;
import java.util.Optional;

/**
 * Whether a smoke test's response meets its request's expectation: the exact status when one is given, else any
 * 2xx, and the text the body must contain. Pure: the driver sends the request and hands the response here.
 */
public final class SmokeTestMatcher {

    /** Longest part of a body quoted in a mismatch, so a status message stays readable. */
    static final int QUOTE = 200;

    private SmokeTestMatcher() {
    }

    /**
     * Why the response misses the expectation, or empty when it meets it.
     *
     * @param request the smoke test request, with its expectation
     * @param status  the response's status
     * @param body    the response's body, null for none
     */
    public static Optional<String> mismatch(SmokeRequest request, int status, String body) {
        SmokeExpectation expect = request.expectOrDefault();
        String what = request.methodOrDefault() + " " + request.path + ": ";
        if (expect.status != null ? status != expect.status : status < 200 || status > 299) {
            return Optional.of(what + "expected status " + (expect.status != null ? expect.status : "2xx")
                    + ", got " + status + quote(body));
        }
        if (expect.bodyContains != null && (body == null || !body.contains(expect.bodyContains))) {
            return Optional.of(what + "expected the body to contain '" + expect.bodyContains + "'" + quote(body));
        }
        return Optional.empty();
    }

    /** A request that could not be sent or answered (refused, timed out) as the mismatch it is. */
    public static String unanswered(SmokeRequest request, String why) {
        return request.methodOrDefault() + " " + request.path + ": no response: " + why;
    }

    private static String quote(String body) {
        if (body == null || body.isEmpty()) {
            return " with an empty body";
        }
        String shown = body.length() > QUOTE ? body.substring(0, QUOTE) + "…" : body;
        return " with body '" + shown.replaceAll("\\s+", " ") + "'";
    }
}
