package dev.quiver.runtime.invoke;

import dev.quiver.runtime.auth.InternalKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.http.HttpClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Invokes Service-mode functions through this runtime's own gateway over loopback, in the event's own namespace
 * ({@link #NAMESPACE_HEADER}), so an event is routed exactly as an HTTP request is: header rules, tags, the weighted split, the concurrency limit, the activator that holds
 * the call while a revision scales from zero, and the gateway's metrics, which feed the autoscaler.
 */
public final class GatewayInvoker implements Invoker, AutoCloseable {

    /** Marks a call made by the runtime itself, so the gateway never turns it into another asynchronous one. */
    public static final String INTERNAL_HEADER = "X-Quiver-Internal";
    /**
     * Names the function's namespace outright on the runtime's own calls (with {@link InternalKey}): an event or a
     * stored request reaches the function of its own namespace, whatever the short-form URL rule would pick.
     */
    public static final String NAMESPACE_HEADER = "X-Quiver-Namespace";
    /**
     * The most bytes of a function's answer to an event that are read: a NATS reply carries at most 1 MiB, and
     * past this the connection is closed rather than the answer held in memory.
     */
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;
    /** Names the revision that answered; set by the gateway on every answer. */
    private static final String REVISION_HEADER = "X-Quiver-Revision";

    private final HttpClient client;
    private final String host;
    private final int port;

    /** An invoker that calls the gateway at {@code host:port} (the runtime's own HTTP port). */
    public GatewayInvoker(Vertx vertx, String host, int port) {
        this.host = host;
        this.port = port;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        // the trace context is in the headers already (the caller's span): no client span of
                        // Vert.x's that would start a trace of its own on this non-request thread and replace it
                        .setTracingPolicy(TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
    }

    @Override
    public CompletionStage<InvocationResult> invoke(Invocation invocation) {
        long started = System.nanoTime();
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setURI("/fn/" + URLEncoder.encode(invocation.function(), StandardCharsets.UTF_8))
                .setIdleTimeout(invocation.timeout() == null ? 0 : invocation.timeout().toMillis() + 1_000);
        ceHeaders(invocation).forEach(options::putHeader);
        invocation.headers().forEach(options::putHeader);
        options.putHeader(INTERNAL_HEADER, "true");
        if (invocation.namespace() != null) {
            options.putHeader(NAMESPACE_HEADER, invocation.namespace());
        }
        // the trigger was authorised when it was configured: events pass a function's API-key check
        options.putHeader(InternalKey.HEADER, InternalKey.value());
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(invocation.data())))
                .compose(response -> BoundedRead.of(response, MAX_ANSWER_BYTES).map(read -> read.exceeded()
                        ? InvocationResult.tooLarge("the function", response.statusCode(), MAX_ANSWER_BYTES,
                                response.getHeader(REVISION_HEADER), since(started), null)
                        : answer(response, read.body(), started)))
                .onComplete(done -> result.complete(done.succeeded() ? done.result()
                        : InvocationResult.failed("the gateway could not be reached: " + done.cause().getMessage(),
                                since(started))));
        return result;
    }

    /** The CloudEvent attributes as binary-mode headers. */
    public static Map<String, String> ceHeaders(Invocation invocation) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", Invocation.SPEC_VERSION);
        headers.put("ce-id", invocation.id());
        headers.put("ce-source", invocation.source());
        headers.put("ce-type", invocation.type());
        if (invocation.subject() != null) {
            headers.put("ce-subject", invocation.subject());
        }
        headers.put("ce-time", DateTimeFormatter.ISO_INSTANT.format(invocation.time()));
        headers.put("content-type", invocation.contentType());
        return headers;
    }

    private static InvocationResult answer(HttpClientResponse response, Buffer body, long started) {
        int status = response.statusCode();
        String error = status >= 200 && status < 300 ? null
                : "the function answered " + status + ": " + abbreviate(body.toString(StandardCharsets.UTF_8));
        return new InvocationResult(status, response.getHeader("content-type"), body.getBytes(),
                response.getHeader(REVISION_HEADER), error, since(started), null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void close() {
        client.close();
    }
}
