package dev.quiver.runtime.rollout;

import dev.quiver.api.SmokeRequest;
import dev.quiver.api.rollout.SmokeTestMatcher;
import dev.quiver.api.rollout.SmokeTestResult;
import dev.quiver.api.rollout.TrafficSplit;
import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.invoke.BoundedRead;
import dev.quiver.runtime.invoke.GatewayInvoker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends a rollout's smoke test to the new revision through this runtime's own gateway, by the tag
 * {@value TrafficSplit#CANARY_TAG} that reaches it at 0 %, one request after the other; the first that misses its
 * expectation fails the test. The calls carry the runtime's internal key: they pass a function's API-key check and
 * are not counted as users' requests, so they never enter a step's analysis.
 */
public final class SmokeTestRunner implements AutoCloseable {

    /** Longest body read from an answer: a smoke test looks for a phrase, not a download. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpClient client;
    private final String host;
    private final int port;
    private final Duration timeout;

    /**
     * A runner.
     *
     * @param host    the gateway's host (loopback)
     * @param port    the gateway's port (the runtime's own HTTP port)
     * @param timeout how long one request may take
     */
    public SmokeTestRunner(Vertx vertx, String host, int port, Duration timeout) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setTracingPolicy(TracingPolicy.IGNORE));
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** Runs the smoke test of a function's new revision; never fails, a request that cannot be sent fails the test. */
    public CompletionStage<SmokeTestResult> run(String namespace, String function, List<SmokeRequest> requests) {
        CompletableFuture<SmokeTestResult> result = new CompletableFuture<>();
        next(namespace, function, requests, 0, result);
        return result;
    }

    private void next(String namespace, String function, List<SmokeRequest> requests, int index,
            CompletableFuture<SmokeTestResult> result) {
        if (index == requests.size()) {
            result.complete(SmokeTestResult.passed(requests.size()));
            return;
        }
        SmokeRequest request = requests.get(index);
        send(namespace, function, request).onComplete(done -> {
            String mismatch = done.succeeded() ? done.result() : SmokeTestMatcher.unanswered(request,
                    String.valueOf(done.cause().getMessage()));
            if (mismatch != null) {
                result.complete(SmokeTestResult.failed(mismatch));
            } else {
                next(namespace, function, requests, index + 1, result);
            }
        });
    }

    /** Sends one request; its mismatch, or null when it met its expectation. */
    private Future<String> send(String namespace, String function, SmokeRequest request) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.methodOrDefault()))
                .setHost(host)
                .setPort(port)
                .setURI("/fn/" + URLEncoder.encode(function, StandardCharsets.UTF_8) + "@" + TrafficSplit.CANARY_TAG
                        + request.path)
                .setTimeout(timeout.toMillis());
        if (request.body != null && request.body.stripLeading().matches("(?s)^[\\[{].*")) {
            options.putHeader("content-type", "application/json");
        }
        request.headers.forEach(options::putHeader);
        options.putHeader(GatewayInvoker.INTERNAL_HEADER, "true");
        options.putHeader(GatewayInvoker.NAMESPACE_HEADER, namespace);
        options.putHeader(InternalKey.HEADER, InternalKey.value());
        Buffer body = request.body == null ? Buffer.buffer() : Buffer.buffer(request.body);
        return client.request(options)
                .compose(sent -> sent.send(body))
                .compose(response -> BoundedRead.of(response, MAX_BODY).map(read -> SmokeTestMatcher
                        .mismatch(request, response.statusCode(), read.body().toString(StandardCharsets.UTF_8))
                        .orElse(null)));
    }

    @Override
    public void close() {
        client.close();
    }
}
