package dev.quiver.api.rollout;

import static dev.quiver.api.testing.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.SmokeRequest;
import org.junit.jupiter.api.Test;

/** A smoke test response meets its expectation, or the mismatch says which request, what was expected and what came. */
class SmokeTestMatcherTest {

    private static final SmokeRequest ANY_2XX = request("GET", "/health", null, null);

    @Test
    void anyTwoHundredMeetsARequestWithoutExpectation() {
        assertThat(SmokeTestMatcher.mismatch(ANY_2XX, 200, "ok")).isEmpty();
        assertThat(SmokeTestMatcher.mismatch(ANY_2XX, 204, null)).isEmpty();
    }

    @Test
    void aServerErrorMissesARequestWithoutExpectation() {
        assertThat(SmokeTestMatcher.mismatch(ANY_2XX, 500, "{\"error\":\"boom\"}"))
                .contains("GET /health: expected status 2xx, got 500 with body '{\"error\":\"boom\"}'");
        assertThat(SmokeTestMatcher.mismatch(ANY_2XX, 302, "")).contains("GET /health: expected status 2xx, got 302 with an empty body");
    }

    @Test
    void anExactStatusMustBeThatStatus() {
        SmokeRequest notFound = request("GET", "/missing", 404, null);

        assertThat(SmokeTestMatcher.mismatch(notFound, 404, "")).isEmpty();
        assertThat(SmokeTestMatcher.mismatch(notFound, 200, "here")).contains("GET /missing: expected status 404, got 200 with body 'here'");
    }

    @Test
    void theBodyMustContainTheExpectedText() {
        SmokeRequest check = request("POST", "/check", 200, "\"Status\":200");

        assertThat(SmokeTestMatcher.mismatch(check, 200, "{\"Url\":\"x\",\"Status\":200}")).isEmpty();
        assertThat(SmokeTestMatcher.mismatch(check, 200, "{\"Url\":\"x\",\"Status\":404}"))
                .contains("POST /check: expected the body to contain '\"Status\":200' with body '{\"Url\":\"x\",\"Status\":404}'");
        assertThat(SmokeTestMatcher.mismatch(check, 200, null))
                .contains("POST /check: expected the body to contain '\"Status\":200' with an empty body");
    }

    @Test
    void aLongBodyIsQuotedShortOnOneLine() {
        String body = "line\n".repeat(100);

        String mismatch = SmokeTestMatcher.mismatch(ANY_2XX, 500, body).orElseThrow();

        assertThat(mismatch).doesNotContain("\n").endsWith("…'");
        assertThat(mismatch.length()).isLessThan(SmokeTestMatcher.QUOTE + 100);
    }

    @Test
    void anUnansweredRequestNamesTheRequestAndWhy() {
        assertThat(SmokeTestMatcher.unanswered(SmokeRequest.of(null, "/health"), "timed out after 5s"))
                .isEqualTo("GET /health: no response: timed out after 5s");
    }
}
