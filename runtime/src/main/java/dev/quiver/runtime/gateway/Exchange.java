package dev.quiver.runtime.gateway;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One request on its way through the gateway: reads the body (bounded in size, in time and by the gateway's
 * {@link BodyBudget}), takes a slot of its revision or waits
 * for one, forwards to a replica, relays the reply, and gives the slot back exactly once. All its steps run
 * on the event loop of the client's connection; a request released from another thread hops back there.
 * It is what its {@link Deadline} runs when a step takes too long, so arming one allocates no lambda.
 */
final class Exchange implements Runnable {

    private static final Logger LOG = Logger.getLogger(Exchange.class);
    private static final Buffer EMPTY = Buffer.buffer(0);

    private final Gateway gateway;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Context context;
    private final String function;
    private final RevisionGate gate;
    private final String uri;
    private final long startedAt;

    private Buffer body;
    private long bodyBytes;
    /** Bytes of the body counted in the gateway's {@link BodyBudget}, given back when the exchange ends. */
    private long reserved;
    /** Whether the body is still arriving: the deadline that fires is then the body's. */
    private boolean reading = true;
    /** The slot this request holds; guarded by the gate's monitor. */
    RevisionGate.Slot slot;
    private boolean cold;
    private final Deadline deadline;
    /** Bytes of the reply relayed so far, and its declared length (-1 when it has none). */
    private long relayed;
    private long declaredLength = -1;
    private HttpClientRequest upstream;
    private boolean relaying;
    private int attempts;
    private boolean done;

    /** Whether the request carries the runtime's {@link InternalKey}: only then may it pose as an event. */
    private final boolean internal;

    Exchange(Gateway gateway, HttpServerRequest request, String function, RevisionGate gate, String uri,
            boolean internal) {
        this.internal = internal;
        this.gateway = gateway;
        this.request = request;
        this.response = request.response();
        this.context = Vertx.currentContext();
        this.deadline = new Deadline(((ContextInternal) context).nettyEventLoop(), this);
        this.function = function;
        this.gate = gate;
        this.uri = uri;
        this.startedAt = System.nanoTime();
    }

    /** Starts reading the body; the request is admitted when it has been read whole. */
    void start() {
        response.closeHandler(v -> clientGone());
        request.exceptionHandler(failure -> clientGone());
        request.handler(this::bodyChunk);
        request.endHandler(v -> admit());
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            response.writeContinue();
        }
        arm(gateway.bodies.readTimeout().toMillis());
        request.resume();
    }

    private void bodyChunk(Buffer chunk) {
        if (done) {
            return; // a reply was already sent (413): drain and drop the rest
        }
        bodyBytes += chunk.length();
        if (bodyBytes > gateway.config.maxBodyBytes()) {
            body = null;
            reply(413, ErrorReply.PAYLOAD_TOO_LARGE,
                    "the request body is larger than " + gateway.config.maxBodyBytes() + " bytes");
            return;
        }
        if (!gateway.bodies.reserve(chunk.length())) {
            body = null;
            replyAndClose(503, ErrorReply.OVERLOADED, "the gateway holds " + gateway.bodies.maxBufferedBytes()
                    + " bytes of request bodies already; retry later");
            return;
        }
        reserved += chunk.length();
        if (body == null) {
            body = chunk;
        } else {
            body.appendBuffer(chunk);
        }
    }

    private void admit() {
        if (done) {
            return;
        }
        reading = false;
        switch (gate.admit(this)) {
            case DISPATCH -> send();
            case QUEUED -> arm(gate.settings().timeout().toMillis());
            case HELD -> {
                cold = true;
                arm(gateway.config.coldStartTimeout().toMillis());
                gateway.platform.wake(gate.ref); // at once: the cold path has no polling interval
            }
            case REJECTED -> reply(503, ErrorReply.OVERLOADED, "revision " + gate.ref.revision()
                    + " has " + gateway.config.queueLimit() + " requests waiting already; retry later");
            default -> throw new IllegalStateException();
        }
    }

    /** Sends the request now, from whichever thread released it. */
    void dispatch() {
        if (Vertx.currentContext() == context) {
            send();
        } else {
            context.runOnContext(v -> send());
        }
    }

    private void send() {
        if (done) {
            return; // timed out or the client left while this hopped threads; finish() gave the slot back
        }
        RevisionGate.Slot target = slot;
        if (target == null) {
            reply(502, ErrorReply.FUNCTION_UNREACHABLE, "revision " + gate.ref.revision() + " has no ready replica");
            return;
        }
        arm(gate.settings().timeout().toMillis());
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setServer(target.address)
                .setHost(target.endpoint.host())
                .setPort(target.endpoint.port())
                .setURI(uri)
                .setHeaders(UpstreamHeaders.of(request, internal, gateway.traced, gate.ref.revision()));
        gateway.clients.current().request(options).onComplete(this::connected);
    }

    private void connected(AsyncResult<HttpClientRequest> result) {
        if (result.failed()) {
            upstreamFailed(result.cause());
            return;
        }
        HttpClientRequest sent = result.result();
        if (done) {
            sent.reset();
            return;
        }
        upstream = sent;
        sent.send(body == null ? EMPTY : body).onComplete(this::answered);
    }

    private void answered(AsyncResult<HttpClientResponse> result) {
        if (done) {
            return;
        }
        if (result.failed()) {
            upstreamFailed(result.cause());
            return;
        }
        relay(result.result());
    }

    private void relay(HttpClientResponse answer) {
        relaying = true;
        int status = answer.statusCode();
        response.setStatusCode(status);
        MultiMap out = response.headers();
        for (Map.Entry<String, String> header : answer.headers()) {
            if (!HopByHop.is(header.getKey())) {
                out.add(header.getKey(), header.getValue());
            }
        }
        out.set(Gateway.REVISION_HEADER, gate.ref.revision());
        if (!out.contains(HttpHeaders.CONTENT_LENGTH) && status != 204 && status != 304
                && request.method() != HttpMethod.HEAD) {
            response.setChunked(true);
        }
        String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
        declaredLength = length == null ? -1 : parseLength(length);
        answer.handler(chunk -> relayChunk(answer, chunk));
        // finish first, then end: ending may close the connection at once (Connection: close), and its close
        // handler must not count a reply that was sent whole as a client gone
        answer.endHandler(v -> {
            if (!done) {
                finish(status);
                response.end();
            }
        });
        answer.exceptionHandler(failure -> {
            if (!done) {
                finish(502);
                response.reset(); // the reply is cut: a reset tells the client, a clean end would not
            }
        });
    }

    /**
     * Relays one chunk of the reply; the chunk that completes a declared length ends the reply with it (one write
     * instead of two). Back-pressure: the function's connection stops being read while the client's is full.
     */
    private void relayChunk(HttpClientResponse answer, Buffer chunk) {
        if (done) {
            return;
        }
        relayed += chunk.length();
        if (relayed == declaredLength) {
            finish(response.getStatusCode());
            response.end(chunk);
            return;
        }
        response.write(chunk);
        if (response.writeQueueFull()) {
            answer.pause();
            response.drainHandler(v -> answer.resume());
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void upstreamFailed(Throwable cause) {
        if (done) {
            return;
        }
        if (cause instanceof ConnectionPoolTooBusyException) {
            reply(503, ErrorReply.OVERLOADED, "revision " + gate.ref.revision() + " has "
                    + gateway.config.queueLimit() + " requests waiting for a connection to one replica already; "
                    + "retry later");
            return;
        }
        if (retryable(cause) && attempts < gateway.config.connectRetries()) {
            attempts++;
            upstream = null;
            gate.moveToOtherReplica(this);
            send();
            return;
        }
        RevisionGate.Slot target = slot;
        // the replica's address and the exception stay in the log: callers learn only which revision failed
        LOG.warnf("function %s revision %s failed before answering%s: %s", function, gate.ref.revision(),
                target == null ? "" : " at " + target.endpoint.host() + ":" + target.endpoint.port(), describe(cause));
        reply(502, ErrorReply.FUNCTION_UNREACHABLE, "revision " + gate.ref.revision() + " of function '" + function
                + "' failed before answering");
    }

    /**
     * A refused connection never reached the function, so another replica may take it; a connection closed
     * before any answer is retried only for methods that are safe to repeat.
     */
    private boolean retryable(Throwable cause) {
        if (cause instanceof ConnectException) {
            return true;
        }
        HttpMethod method = request.method();
        return cause instanceof HttpClosedException && upstream == null
                || cause instanceof HttpClosedException && (method == HttpMethod.GET || method == HttpMethod.HEAD
                || method == HttpMethod.OPTIONS || method == HttpMethod.PUT || method == HttpMethod.DELETE);
    }

    /** The deadline passed: while the body arrives, while waiting, while the function runs, or while its reply streams. */
    @Override
    public void run() {
        if (done) {
            return;
        }
        if (reading) {
            replyAndClose(408, ErrorReply.REQUEST_TIMEOUT, "the request body did not arrive whole within "
                    + gateway.bodies.readTimeout().toMillis() + " ms");
            return;
        }
        if (gate.withdraw(this)) {
            if (cold) {
                reply(503, ErrorReply.COLD_START_TIMEOUT, "revision " + gate.ref.revision() + " had no ready replica within "
                        + gateway.config.coldStartTimeout().toMillis() + " ms");
            } else {
                reply(504, ErrorReply.TIMEOUT, "revision " + gate.ref.revision() + " found no free slot within its timeout of "
                        + gate.settings().timeout().toMillis() + " ms");
            }
            return;
        }
        // finish before resetting: a reset fails the pending send at once, and that must not count as a crash
        if (relaying) {
            finish(504);
            response.reset();
        } else {
            reply(504, ErrorReply.TIMEOUT, "revision " + gate.ref.revision() + " did not answer within its timeout of "
                    + gate.settings().timeout().toMillis() + " ms");
        }
        if (upstream != null) {
            upstream.reset();
        }
    }

    private void clientGone() {
        if (done) {
            return;
        }
        gate.withdraw(this);
        finish(499); // nginx's code for "client closed request"
        if (upstream != null) {
            upstream.reset();
        }
    }

    private void reply(int status, String error, String message) {
        if (done) {
            return;
        }
        ErrorReply.send(response, status, error, message, function, gate.ref.revision(),
                gateway.config.retryAfterSeconds());
        finish(status);
    }

    /** Replies, then closes the connection: the rest of the body is never read. */
    private void replyAndClose(int status, String error, String message) {
        if (done) {
            return;
        }
        // the body is dropped now: its room is given back before the client can see the connection close
        body = null;
        gateway.bodies.release(reserved);
        reserved = 0;
        ErrorReply.sendAndClose(request, status, error, message, function, gate.ref.revision(),
                gateway.config.retryAfterSeconds());
        finish(status);
    }

    private void finish(int status) {
        if (done) {
            return;
        }
        done = true;
        gateway.bodies.release(reserved);
        reserved = 0;
        deadline.cancel();
        if (gate.release(this)) {
            RevisionGates.drain(gate);
        }
        long nanos = System.nanoTime() - startedAt;
        gate.metrics.record(status, nanos);
        if (!internal) {
            gateway.rolloutCounters().request(gate.ref, status, nanos);
        }
    }

    private void arm(long millis) {
        deadline.arm(millis);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
