package dev.quiver.runtime.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.runtime.gateway.AsyncInvocations;
import dev.quiver.runtime.gateway.BodyBudget;
import dev.quiver.runtime.gateway.ErrorReply;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The gateway's side of asynchronous invocations: reads the request (bounded), stores it, answers
 * {@code 202 {"id","status":"queued","location"}} with a {@code Location} header, and serves the status records
 * at {@code GET /invocations/<id>}. NATS calls run on worker threads, never on the event loop.
 */
public final class AsyncFrontDoor implements AsyncInvocations {

    /** Where the caller wants the result posted. */
    public static final String CALLBACK_HEADER = "X-Callback-Url";

    /** The error code of a refused body, the gateway's own for synchronous calls. */
    static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";

    private static final Logger LOG = Logger.getLogger(AsyncFrontDoor.class);
    /** Not stored: they describe the connection or the asynchronous request itself, not the call. */
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-connection", "proxy-authorization", "proxy-authenticate", "host",
            "content-length", "expect", "prefer", "x-quiver-async", "x-callback-url", "x-quiver-internal",
            "x-quiver-internal-key");

    private final Vertx vertx;
    private final InvocationStore store;
    private final Clock clock;
    private final Tracing tracing;
    private volatile AsyncMeters meters = AsyncMeters.NONE;

    /** Counts accepted invocations in these meters. */
    public void meters(AsyncMeters meters) {
        this.meters = meters;
    }

    /** A front door storing in the given store, untraced. */
    public AsyncFrontDoor(Vertx vertx, InvocationStore store, Clock clock) {
        this(vertx, store, clock, Tracing.off());
    }

    /**
     * A front door storing in the given store; with tracing on, each stored request keeps the trace context of the
     * gateway's span that accepted it, so its later run (a replay through the gateway) joins that trace.
     */
    public AsyncFrontDoor(Vertx vertx, InvocationStore store, Clock clock, Tracing tracing) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.tracing = tracing;
    }

    @Override
    public void submit(HttpServerRequest request, FunctionRoutes routes, String uri, BodyBudget bodies) {
        String function = routes.function();
        // read now, on the request's own context, where Vert.x keeps the gateway's server span
        Map<String, String> trace = tracing.currentHeaders();
        String callback = request.getHeader(CALLBACK_HEADER);
        if (callback != null && !validCallback(callback)) {
            ErrorReply.send(request.response(), 400, "BadCallbackUrl", CALLBACK_HEADER
                    + " must be an absolute http or https URL", function, null, 1);
            return;
        }
        // the body is stored in Base64 (4 bytes for 3): a larger one can never fit, so it is not read on; the
        // exact size is checked once the stored request is written out
        long stored = store.maxStoredBytes();
        long limit = maxBodyBytes(stored);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredOver(length, limit)) {
            tooLarge(request, function, limit, stored);
            return;
        }
        Upload upload = new Upload(bodies);
        upload.timer = vertx.setTimer(bodies.readTimeout().toMillis(), fired -> {
            if (upload.refuse()) {
                ErrorReply.sendAndClose(request, 408, ErrorReply.REQUEST_TIMEOUT, "the request body did not arrive "
                        + "whole within " + bodies.readTimeout().toMillis() + " ms", function, null, 1);
            }
        });
        request.handler(chunk -> {
            if (upload.refused) {
                return;
            }
            if (upload.body.length() + chunk.length() > limit) {
                upload.refuse();
                vertx.cancelTimer(upload.timer);
                tooLarge(request, function, limit, stored);
            } else if (!bodies.reserve(chunk.length())) {
                upload.refuse();
                vertx.cancelTimer(upload.timer);
                ErrorReply.sendAndClose(request, 503, ErrorReply.OVERLOADED, "the gateway holds "
                        + bodies.maxBufferedBytes() + " bytes of request bodies already; retry later", function, null, 1);
            } else {
                upload.reserved += chunk.length();
                upload.body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(failure -> {
            LOG.debugf("asynchronous request to %s broke off: %s", function, failure.getMessage());
            upload.refuse();
            vertx.cancelTimer(upload.timer);
        });
        request.endHandler(end -> {
            vertx.cancelTimer(upload.timer);
            if (!upload.refused) {
                StoredRequest kept = stored(request, routes.namespace(), function, uri, upload.body, callback,
                        routes.requiresApiKey(), trace);
                upload.body = null;
                store(request, kept, upload::release);
            }
        });
        request.resume();
    }

    /** A body on its way in: what it holds of the gateway's budget, and whether it was refused. */
    private static final class Upload {
        private final BodyBudget bodies;
        Buffer body = Buffer.buffer();
        long reserved;
        long timer;
        boolean refused;

        Upload(BodyBudget bodies) {
            this.bodies = bodies;
        }

        /** Marks it refused and gives its bytes back; false when it was refused already. */
        boolean refuse() {
            if (refused) {
                return false;
            }
            refused = true;
            body = null;
            release();
            return true;
        }

        void release() {
            bodies.release(reserved);
            reserved = 0;
        }
    }

    private StoredRequest stored(HttpServerRequest request, String namespace, String function, String uri, Buffer body, String callback,
            boolean keyChecked, Map<String, String> trace) {
        List<List<String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            // the gateway checked the API key now; the replay passes with the runtime's internal key instead, so
            // the key is not kept; a traced request keeps the gateway span's trace context instead of the caller's
            if (!NOT_STORED.contains(name) && !(keyChecked && name.equals("authorization"))
                    && !(!trace.isEmpty() && Tracing.isTraceHeader(name))) {
                headers.add(List.of(header.getKey(), header.getValue()));
            }
        }
        trace.forEach((name, value) -> headers.add(List.of(name, value)));
        return new StoredRequest(UUID.randomUUID().toString(), function, request.method().name(), uri, headers,
                Base64.getEncoder().encodeToString(body.getBytes()), callback, Instant.now(clock).toString(),
                namespace);
    }

    /** The largest body whose Base64 alone fits in a stored request of the given size. */
    static long maxBodyBytes(long storedBytes) {
        return storedBytes / 4 * 3;
    }

    private static boolean declaredOver(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException malformed) {
            return false; // the HTTP codec refuses it; the streamed count still holds the limit
        }
    }

    private static void tooLarge(HttpServerRequest request, String function, long limit, long stored) {
        ErrorReply.send(request.response(), 413, PAYLOAD_TOO_LARGE, "an asynchronous request is stored in at most "
                + stored + " bytes, its body in Base64 with its headers and path, so its body may have at most "
                + limit + " bytes less its headers; nothing was stored", function, null, 1);
    }

    private void store(HttpServerRequest request, StoredRequest stored, Runnable release) {
        vertx.executeBlocking(() -> {
            store.submit(stored);
            return stored.id();
        }, false).onComplete(done -> {
            release.run(); // the request's bytes are no longer held
            if (done.failed() && done.cause() instanceof InvocationStore.TooLarge tooLarge) {
                tooLarge(request, stored.function(), maxBodyBytes(tooLarge.limit()), tooLarge.limit());
                return;
            }
            if (done.failed()) {
                // what NATS said stays in the log: the caller learns that it may try again
                LOG.errorf("asynchronous request to %s not accepted: %s", stored.function(), done.cause().getMessage());
                ErrorReply.send(request.response(), 503, "AsyncUnavailable", "the request could not be stored for "
                        + "now; nothing was kept, try again", stored.function(), null, 1);
                return;
            }
            meters.count(stored.namespace(), stored.function(), "accepted");
            String location = Gateway.INVOCATIONS_PREFIX + stored.id();
            request.response().setStatusCode(202)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.LOCATION, location)
                    .end("{\"id\":\"" + stored.id() + "\",\"status\":\"" + InvocationRecord.QUEUED
                            + "\",\"location\":\"" + location + "\"}");
        });
    }

    @Override
    public void status(HttpServerRequest request, String id, Gateway gateway) {
        if (!validId(id)) {
            ErrorReply.send(request.response(), 404, "InvocationNotFound", "no invocation with id '" + id + "'",
                    null, null, 1);
            return;
        }
        vertx.executeBlocking(() -> store.find(id), false).onComplete(done -> {
            if (done.failed()) {
                ErrorReply.send(request.response(), 503, "AsyncUnavailable", "the invocation store cannot be read: "
                        + done.cause().getMessage(), null, null, 1);
                return;
            }
            InvocationRecord record = done.result().orElse(null);
            if (record == null) {
                ErrorReply.send(request.response(), 404, "InvocationNotFound", "no invocation with id '" + id + "'",
                        null, null, 1);
                return;
            }
            // the record holds the function's answer: the function's API key guards it as it guards the function
            if (!gateway.authorized(request, record.namespace(), record.function())) {
                return;
            }
            try {
                request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Buffer.buffer(InvocationStore.JSON.writeValueAsBytes(record)));
            } catch (JsonProcessingException e) {
                ErrorReply.send(request.response(), 500, "InternalError", e.getMessage(), record.function(), null, 1);
            }
        });
    }

    /** Ids are UUIDs: anything else is not looked up (and cannot be a bucket key with wildcards). */
    static boolean validId(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static boolean validCallback(String url) {
        try {
            URI uri = URI.create(url.trim());
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
