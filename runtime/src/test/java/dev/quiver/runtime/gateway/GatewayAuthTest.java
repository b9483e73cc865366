package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.auth.InternalKey;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API-key authentication and the asynchronous hand-off at the gateway, over real loopback HTTP. */
class GatewayAuthTest {

    private static final String KEY = "k3y-for-tests-only";
    private GatewayHarness harness;
    private Upstream upstream;

    @BeforeEach
    void start() throws Exception {
        harness = GatewayHarness.start();
        harness.catalog.with(Routes.function("secure").split("secure-00001", 100).apiKey(KEY))
                .with(Routes.function("open").split("open-00001", 100))
                .with(Routes.function("unread").split("unread-00001", 100).apiKeyUnavailable());
        upstream = harness.ready("secure-00001", (self, request) -> request.response().end("secure"));
        harness.ready("open-00001", (self, request) -> request.response().end("open"));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void withoutAKeyTheAnswerIs401WithBearerChallengeAndTheFunctionIsNotCalled() {
        HttpResponse<String> response = harness.send("POST", "/fn/secure", Map.of(), "{}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.body()).contains("\"error\":\"Unauthorized\"").contains("\"function\":\"secure\"");
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void aWrongKeyIs403AndTheFunctionIsNotCalled() {
        HttpResponse<String> response = harness.send("POST", "/fn/secure", Map.of("Authorization", "Bearer nope"), "{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"error\":\"Forbidden\"").doesNotContain("nope");
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void aKeyThatCannotBeCheckedYetIs503JsonWithRetryAfterNotARefusalAndTheFunctionIsNotCalled() throws Exception {
        Upstream unread = harness.ready("unread-00001", (self, request) -> request.response().end("unread"));

        HttpResponse<String> response = harness.send("POST", "/fn/unread", Map.of("Authorization", "Bearer " + KEY), "{}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains("\"error\":\"ApiKeyUnavailable\"").contains("\"function\":\"unread\"")
                .doesNotContain(KEY);
        assertThat(unread.seen).isEmpty();
        // without any key the answer stays 401: the function needs one whatever its value
        assertThat(harness.send("POST", "/fn/unread", Map.of(), "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void theRightKeyReachesTheFunction() {
        HttpResponse<String> response = harness.send("POST", "/fn/secure/x?y=1",
                Map.of("Authorization", "Bearer " + KEY), "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("secure");
        assertThat(upstream.seen).extracting(Upstream.Seen::uri).containsExactly("/x?y=1");
    }

    @Test
    void aFunctionWithoutAuthNeedsNoKey() {
        assertThat(harness.send("GET", "/fn/open", Map.of(), null).body()).isEqualTo("open");
    }

    @Test
    void theRuntimesOwnCallsPassWithTheInternalKeyWhichNeverReachesTheFunction() {
        HttpResponse<String> response = harness.send("POST", "/fn/secure",
                Map.of(InternalKey.HEADER, InternalKey.value()), "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.seen.get(0).headers().contains(InternalKey.HEADER)).isFalse();
        assertThat(harness.send("POST", "/fn/secure", Map.of(InternalKey.HEADER, "guessed"), "{}").statusCode())
                .isEqualTo(401);
    }

    @Test
    void asynchronousRequestsAreCheckedBeforeTheHandOff() {
        HttpResponse<String> response = harness.send("POST", "/fn/secure", Map.of("Prefer", "respond-async"), "{}");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void withoutNatsAsynchronousRequestsAre503SayingSo() {
        HttpResponse<String> preferred = harness.send("POST", "/fn/open", Map.of("Prefer", "respond-async"), "{}");
        HttpResponse<String> flagged = harness.send("POST", "/fn/open", Map.of(Gateway.ASYNC_HEADER, "true"), "{}");
        HttpResponse<String> status = harness.send("GET", "/invocations/abc", Map.of(), null);

        for (HttpResponse<String> response : new HttpResponse[] {preferred, flagged, status}) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"error\":\"AsyncUnavailable\"").contains("NATS");
        }
    }

    @Test
    void internalCallsNeverBecomeAsynchronous() {
        HttpResponse<String> response = harness.send("POST", "/fn/open",
                Map.of("Prefer", "respond-async", "X-Quiver-Internal", "true"), "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("open");
    }

    @Test
    void preferHeaderIsReadAsAListOfPreferences() {
        assertThat(AsyncPreference.prefersAsync("respond-async")).isTrue();
        assertThat(AsyncPreference.prefersAsync("return=minimal, Respond-Async; wait=5")).isTrue();
        assertThat(AsyncPreference.prefersAsync("wait=10,respond-async")).isTrue();
        assertThat(AsyncPreference.prefersAsync("respond-asynchronously")).isFalse();
        assertThat(AsyncPreference.prefersAsync("return=representation")).isFalse();
        assertThat(AsyncPreference.prefersAsync("")).isFalse();
    }
}
