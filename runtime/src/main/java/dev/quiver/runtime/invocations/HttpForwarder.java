package dev.quiver.runtime.invocations;

import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.invoke.GatewayInvoker;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
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
 * because its API key was checked when it was accepted.
 */
public final class HttpForwarder implements AutoCloseable {

    /** The attempt number, sent to the function. */
    public static final String ATTEMPT_HEADER = "X-Quiver-Attempt";
    /** The invocation's id, sent to the function. */
    public static final String INVOCATION_HEADER = "X-Quiver-Invocation-Id";
    /** Set on every answer a revision gave; the gateway's own errors before routing lack it (lower case). */
    private static final String REVISION_HEADER = "x-quiver-revision";

    private final HttpClient client;
    private final String host;
    private final int port;
    private final Duration timeout;

    /**
     * A forwarder to the gateway at {@code host:port}.
     *
     * @param timeout the longest a call may go without any byte; the gateway's own revision timeout (504) comes
     *                first, this only guards against a gateway that never answers
     */
    public HttpForwarder(Vertx vertx, String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
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
     */
    public record Answer(int status, Map<String, String> headers, String contentType, byte[] body, String error) {

        /** Whether the function handled it. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /**
         * Whether trying again later may help: no answer, 5xx, 429 or 408 (as for events), and the gateway's own 404
         * (no {@code X-Quiver-Revision}): a runtime that just started has not loaded the function yet.
         */
        public boolean retryable() {
            return !succeeded() && (status == 0 || status >= 500 || status == 429 || status == 408
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
        byte[] body = request.body();
        client.request(options)
                .compose(sent -> sent.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    response.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                    int status = response.statusCode();
                    String error = status >= 200 && status < 300 ? null
                            : "the function answered " + status + ": " + abbreviate(answer.toString());
                    return new Answer(status, headers, response.getHeader("content-type"), answer.getBytes(), error);
                }))
                .onComplete(done -> result.complete(done.succeeded() ? done.result()
                        : new Answer(0, Map.of(), null, new byte[0],
                                "the gateway could not be reached: " + done.cause().getMessage())));
        return result;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    @Override
    public void close() {
        client.close();
    }
}
