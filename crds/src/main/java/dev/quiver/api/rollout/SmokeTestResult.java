package dev.quiver.api.rollout;

/**
 * The outcome of a whole smoke test, as the driver that sent its requests reports it to {@link RolloutJudge}.
 *
 * @param passed  whether every request met its expectation
 * @param message what passed, or the first request that did not and why
 */
public record SmokeTestResult(boolean passed, String message) {

    /** All of the requests passed. */
    public static SmokeTestResult passed(int requests) {
        return new SmokeTestResult(true, requests + " smoke test request" + (requests == 1 ? "" : "s") + " passed");
    }

    /** A request failed. */
    public static SmokeTestResult failed(String why) {
        return new SmokeTestResult(false, why);
    }
}
