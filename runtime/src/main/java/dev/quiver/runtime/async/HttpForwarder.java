package dev.quiver.runtime.async;

import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.gateway.ErrorReply;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.invoke.BoundedRead;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Replays a stored request through this runtime's gateway over loopback, with its method, path, query, headers
 * and body, so that it is routed, limited and measured exactly as it would have been synchronously. It is marked
 * internal so that the gateway never makes it asynchronous again, and carries the runtime's {@link InternalKey}
 * because its API key was checked when it was accepted. The answer is read up to the size a status record can
 * keep; a larger one becomes a 502 {@value #RESULT_TOO_LARGE} answer, and no more of it is read.
 */
public final class HttpForwarder implements AutoCloseable {

    /** The attempt number, sent to the function. */
    public static final String ATTEMPT_HEADER = "X-Quiver-Attempt";
    /** The invocation's id, sent to the function. */
    public static final String INVOCATION_HEADER = "X-Quiver-Invocation-Id";
    /** The error code of an answer larger than a status record keeps. */
    public static final String RESULT_TOO_LARGE = "ResultTooLarge";
    /** Set on every answer a revision gave; the gateway's own errors before routing lack it (lower case). */
    private static final String REVISION_HEADER = "x-quiver-revision";

    private final HttpClient client;
    private final String host;
    private final int port;
    private final Duration timeout;
    private final long maxResultBytes;

    /**
     * A forwarder to the gateway at {@code host:port}.
     *
     * @param timeout        the longest a call may go without any byte; the gateway's own revision timeout (504)
     *                       comes first, this only guards against a gateway that never answers
     * @param maxResultBytes the largest answer kept, as stored in the record ({@link AsyncSettings#maxResultBytes})
     */
    public HttpForwarder(Vertx vertx, String host, int port, Duration timeout, long maxResultBytes) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.maxResultBytes = maxResultBytes;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        // the trace context is in the headers already (the caller's span): no client span of
                        // Vert.x's that would start a trace of its own on this non-request thread and replace it
                        .setTracingPolicy(TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
    }

    /**
     * How a replayed request ended.
     *
     * @param status      the HTTP status, 0 when no answer came
     * @param headers     the answer's headers (the last value of each)
     * @param contentType the answer's media type, or null
     * @param body        the answer's body
     * @param error       why it failed, or null on a 2xx answer
     * @param tooLarge    whether the function's answer was larger than a record keeps: the 502 stands for it, and
     *                    trying again would only run the function for the same outcome
     */
    public record Answer(int status, Map<String, String> headers, String contentType, byte[] body, String error,
            boolean tooLarge) {

        /** Whether the function handled it. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /**
         * Whether trying again later may help: no answer, 5xx, 429 or 408 (as for events), and the gateway's own 404
         * (no {@code X-Quiver-Revision}): a runtime that just started has not loaded the function yet. Not an
         * answer that was too large.
         */
        public boolean retryable() {
            return !succeeded() && !tooLarge && (status == 0 || status >= 500 || status == 429 || status == 408
                    || status == 404 && !headers.containsKey(REVISION_HEADER));
        }
    }

    /** Sends the request; the stage never fails, an error is an answer with status 0. */
    public CompletionStage<Answer> forward(StoredRequest request, int attempt) {
        CompletableFuture<Answer> result = new CompletableFuture<>();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(host)
                .setPort(port)
                .setURI(request.uri())
                .setIdleTimeout(timeout.toMillis());
        for (List<String> header : request.headers()) {
            options.addHeader(header.get(0), header.get(1));
        }
        options.putHeader(GatewayInvoker.INTERNAL_HEADER, "true");
        options.putHeader(InternalKey.HEADER, InternalKey.value());
        if (request.namespace() != null) {
            options.putHeader(GatewayInvoker.NAMESPACE_HEADER, request.namespace());
        }
        options.putHeader(ATTEMPT_HEADER, Integer.toString(attempt));
        options.putHeader(INVOCATION_HEADER, request.id());
        send(options, request.function(), request.body(), result, true);
        return result;
    }

    /**
     * Sends once; a pooled connection found closed before the request could be written to it (the channel was
     * closed under it: the gateway never saw the request) is not an attempt, so it is sent once more on another.
     */
    private void send(RequestOptions options, String function, byte[] body, CompletableFuture<Answer> result,
            boolean mayResend) {
        client.request(options)
                .compose(sent -> sent.send(Buffer.buffer(body)))
                .compose(response -> BoundedRead.of(response, maxResultBytes)
                        .map(read -> answer(function, response, read)))
                .onComplete(done -> {
                    if (done.failed() && mayResend && done.cause() instanceof ClosedChannelException) {
                        send(options, function, body, result, false);
                    } else {
                        result.complete(done.succeeded() ? done.result() : new Answer(0, Map.of(), null,
                                new byte[0], "the gateway could not be reached: " + why(done.cause()), false));
                    }
                });
    }

    private Answer answer(String function, HttpClientResponse response, BoundedRead.Result read) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        int status = response.statusCode();
        String error = status >= 200 && status < 300 ? null
                : "the function answered " + status + ": " + abbreviate(read.body().toString(StandardCharsets.UTF_8));
        Answer answer = new Answer(status, headers, response.getHeader("content-type"), read.body().getBytes(), error,
                false);
        return read.exceeded() || Responses.storedSize(answer) > maxResultBytes ? tooLarge(function, answer) : answer;
    }

    /** A 502 that says the answer did not fit, naming the revision that gave it. */
    private Answer tooLarge(String function, Answer original) {
        String revision = original.headers().get(REVISION_HEADER);
        String message = "the function answered " + original.status() + " with more than " + maxResultBytes
                + " bytes, the most a status record keeps";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (revision != null) {
            headers.put(REVISION_HEADER, revision);
        }
        byte[] body = ErrorReply.json(RESULT_TOO_LARGE, message, function, revision).getBytes(StandardCharsets.UTF_8);
        return new Answer(502, headers, "application/json", body, RESULT_TOO_LARGE + ": " + message, true);
    }

    /** The failure's message, or its type when it has none (a closed channel). */
    private static String why(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    @Override
    public void close() {
        client.close();
    }
}
