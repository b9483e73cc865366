package dev.quiver.runtime.rollout;

import static dev.quiver.api.testing.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quiver.api.SmokeRequest;
import dev.quiver.api.rollout.SmokeTestResult;
import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.invoke.GatewayInvoker;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The smoke test sent over loopback to a real HTTP server standing in for the runtime's gateway. */
class SmokeTestRunnerTest {

    /** One request as the stand-in gateway received it. */
    record Seen(String method, String uri, MultiMap headers, String body) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer gateway;
    private SmokeTestRunner runner;

    @BeforeEach
    void start() throws Exception {
        // Answers 503 "down" on paths with "broken", else 200 "ok <path>".
        gateway = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            seen.add(new Seen(request.method().name(), request.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString()));
            if (request.uri().contains("broken")) {
                request.response().setStatusCode(503).end("down");
            } else {
                request.response().end("ok " + request.path());
            }
        }));
        gateway.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        runner = new SmokeTestRunner(vertx, "127.0.0.1", gateway.actualPort(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        runner.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachRequestGoesToTheNewRevisionByItsCanaryTagAsAnInternalCallOfTheNamespace() throws Exception {
        SmokeRequest check = request("POST", "/check?url=https://example.com", 200, "ok");
        check.body = "{\"user\":\"smoke\"}";
        check.headers.put("X-Smoke", "yes");

        SmokeTestResult result = run(request("GET", "/health", null, null), check);

        assertThat(result).isEqualTo(SmokeTestResult.passed(2));
        assertThat(seen).extracting(Seen::method, Seen::uri)
                .containsExactly(tuple("GET", "/fn/hello@canary/health"),
                        tuple("POST", "/fn/hello@canary/check?url=https://example.com"));
        Seen post = seen.get(1);
        assertThat(post.body()).isEqualTo("{\"user\":\"smoke\"}");
        assertThat(post.headers().get("X-Smoke")).isEqualTo("yes");
        assertThat(post.headers().getAll("Content-Type")).containsExactly("application/json");
        for (Seen each : seen) {
            assertThat(each.headers().getAll(GatewayInvoker.INTERNAL_HEADER)).containsExactly("true");
            assertThat(each.headers().getAll(GatewayInvoker.NAMESPACE_HEADER)).containsExactly("team");
            assertThat(each.headers().getAll(InternalKey.HEADER)).containsExactly(InternalKey.value());
        }
    }

    @Test
    void theFirstRequestThatMissesItsExpectationFailsTheTestAndNoLaterOneIsSent() throws Exception {
        SmokeTestResult result = run(request("GET", "/health", null, null), request("GET", "/broken", 200, null),
                request("GET", "/never", null, null));

        assertThat(result).isEqualTo(SmokeTestResult.failed("GET /broken: expected status 200, got 503 with body 'down'"));
        assertThat(seen).extracting(Seen::uri).containsExactly("/fn/hello@canary/health", "/fn/hello@canary/broken");
    }

    @Test
    void aBodyWithoutTheExpectedTextFailsWithWhatItSaid() throws Exception {
        SmokeTestResult result = run(request("GET", "/health", null, "healthy"));

        assertThat(result).isEqualTo(SmokeTestResult.failed(
                "GET /health: expected the body to contain 'healthy' with body 'ok /fn/hello@canary/health'"));
    }

    @Test
    void aGatewayThatRefusesTheConnectionFailsTheTest() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (SmokeTestRunner refused = new SmokeTestRunner(vertx, "127.0.0.1", closed, Duration.ofSeconds(10))) {
            SmokeTestResult result = refused.run("team", "hello", List.of(request("GET", "/health", null, null)))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(result.passed()).isFalse();
            assertThat(result.message()).startsWith("GET /health: no response: ").containsIgnoringCase("refused");
        }
    }

    @Test
    void aSmokeTestsOwnHeadersCannotPoseAsAnotherNamespaceOrReplaceTheInternalKey() throws Exception {
        SmokeRequest sneaky = request("GET", "/health", null, null);
        sneaky.headers.put("x-quiver-namespace", "other-team");
        sneaky.headers.put(InternalKey.HEADER, "guessed");
        sneaky.headers.put(GatewayInvoker.INTERNAL_HEADER, "false");

        run(sneaky);

        assertThat(seen.get(0).headers().getAll(GatewayInvoker.NAMESPACE_HEADER)).containsExactly("team");
        assertThat(seen.get(0).headers().getAll(InternalKey.HEADER)).containsExactly(InternalKey.value());
        assertThat(seen.get(0).headers().getAll(GatewayInvoker.INTERNAL_HEADER)).containsExactly("true");
    }

    @Test
    void aContentTypeTheSmokeTestSetsIsTheOnlyOneSent() throws Exception {
        SmokeRequest patch = request("PATCH", "/items/1", null, null);
        patch.body = "{\"name\":\"x\"}";
        patch.headers.put("Content-Type", "application/merge-patch+json");

        run(patch);

        assertThat(seen.get(0).headers().getAll("content-type")).containsExactly("application/merge-patch+json");
    }

    private SmokeTestResult run(SmokeRequest... requests) throws Exception {
        return runner.run("team", "hello", List.of(requests)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
