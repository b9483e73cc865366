package dev.quiver.runtime.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.runtime.outbound.OutboundPolicy;
import io.vertx.core.Future;
import dev.quiver.runtime.invoke.BoundedRead;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import io.vertx.core.tracing.TracingPolicy;
import org.jboss.logging.Logger;

/**
 * Posts a finished invocation's status record as JSON to the caller's callback URL, trying a few times with a
 * doubling pause. A callback that keeps failing is recorded in the status record; it never fails the invocation.
 *
 * <p>The URL is the caller's, so it must not become a way into the runtime's own networks: each attempt resolves
 * the host, checks every address against the {@link OutboundPolicy} and then connects to exactly the address it
 * checked (no second lookup a rebinding DNS server could answer differently). Redirects are not followed. The
 * record only ever says {@value #REFUSED} or {@value #FAILED}: no connection detail that would turn callbacks
 * into a port scanner. Of the callback's answer only the status counts; at most {@value #MAX_ANSWER_BYTES} bytes
 * of its body are read, and each attempt has a deadline for the whole exchange: a receiver that answers a byte at a
 * time is never idle, yet it must not hold the invocation forever.
 */
public final class CallbackSender implements AutoCloseable {

    /** Names the invocation in the callback request. */
    public static final String INVOCATION_HEADER = "X-Quiver-Invocation-Id";
    /** The record's error when the URL's scheme or address is not allowed; it is not retried. */
    public static final String REFUSED = "callback refused: address not allowed";
    /** The record's error when every attempt failed (no answer, or an answer other than 2xx). */
    public static final String FAILED = "callback failed";
    /** The most bytes of a callback's answer read; the connection is closed past them. */
    public static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** The default deadline of one attempt, from the request to the end of the answer. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(CallbackSender.class);

    /** Looks up every address of a host name (a literal address resolves to itself); it may block. */
    @FunctionalInterface
    public interface Resolver {
        /** The host's addresses. */
        List<InetAddress> resolve(String host) throws UnknownHostException;

        /** The system's resolver. */
        static Resolver system() {
            return host -> List.of(InetAddress.getAllByName(host));
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final int attempts;
    private final Duration firstPause;
    private final OutboundPolicy policy;
    private final Resolver resolver;
    private final Duration deadline;

    /**
     * A sender.
     *
     * @param attempts   POSTs before the delivery counts as failed
     * @param firstPause pause after the first failed POST; it doubles after each further one
     * @param policy     the addresses callbacks may reach
     * @param resolver   looks host names up
     * @param deadline   the longest one attempt may take, answer included; past it the connection is closed
     */
    public CallbackSender(Vertx vertx, int attempts, Duration firstPause, OutboundPolicy policy, Resolver resolver,
            Duration deadline) {
        this.vertx = vertx;
        this.deadline = deadline;
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.policy = policy;
        this.resolver = resolver;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000)
                .setTracingPolicy(TracingPolicy.IGNORE));
    }

    /** A sender with the {@link #DEFAULT_DEADLINE}. */
    public CallbackSender(Vertx vertx, int attempts, Duration firstPause, OutboundPolicy policy, Resolver resolver) {
        this(vertx, attempts, firstPause, policy, resolver, DEFAULT_DEADLINE);
    }

    /** A sender that looks host names up with the system's resolver, with the {@link #DEFAULT_DEADLINE}. */
    public CallbackSender(Vertx vertx, int attempts, Duration firstPause, OutboundPolicy policy) {
        this(vertx, attempts, firstPause, policy, Resolver.system());
    }

    /** Where a callback goes, from its URL. */
    private record Target(String host, int port, boolean tls, String pathAndQuery) {

        static Optional<Target> of(String url) {
            try {
                URI uri = URI.create(url.trim());
                if (!uri.isAbsolute() || uri.getHost() == null || !OutboundPolicy.schemeAllowed(uri.getScheme())) {
                    return Optional.empty();
                }
                boolean tls = "https".equalsIgnoreCase(uri.getScheme());
                String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                        : uri.getHost();
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                return Optional.of(new Target(host, uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80, tls,
                        uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** Delivers the record; the stage completes with the outcome, never exceptionally. */
    public CompletionStage<InvocationRecord.Callback> deliver(String url, InvocationRecord record) {
        CompletableFuture<InvocationRecord.Callback> outcome = new CompletableFuture<>();
        Optional<Target> target = Target.of(url);
        if (target.isEmpty()) {
            outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.FAILED, 0, null, REFUSED));
            return outcome;
        }
        byte[] json;
        try {
            json = InvocationStore.JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.FAILED, 0, null, FAILED));
            return outcome;
        }
        attempt(target.get(), record.id(), json, 1, outcome);
        return outcome;
    }

    private void attempt(Target target, String id, byte[] json, int attempt,
            CompletableFuture<InvocationRecord.Callback> outcome) {
        vertx.executeBlocking(() -> resolver.resolve(target.host()), false).onComplete(resolved -> {
            if (resolved.failed()) {
                LOG.debugf("callback of %s: cannot resolve %s: %s", id, target.host(), resolved.cause().getMessage());
                failed(target, id, json, attempt, null, outcome);
                return;
            }
            Optional<InetAddress> address = policy.choose(target.host(), resolved.result());
            if (address.isEmpty()) {
                LOG.warnf("callback of %s refused: %s resolves to %s, outside %s", id, target.host(),
                        resolved.result(), policy);
                outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.FAILED, attempt - 1, null,
                        REFUSED));
                return;
            }
            post(target, address.get(), id, json).onComplete(done -> {
                Integer status = done.succeeded() ? done.result() : null;
                if (status != null && status >= 200 && status < 300) {
                    outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.DELIVERED, attempt,
                            status, null));
                } else {
                    if (done.failed()) {
                        LOG.debugf("callback of %s failed: %s", id, done.cause().getMessage());
                    }
                    failed(target, id, json, attempt, status, outcome);
                }
            });
        });
    }

    /** POSTs to the checked address; the host name still goes in the Host header and TLS's server name. */
    private Future<Integer> post(Target target, InetAddress address, String id, byte[] json) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .setIdleTimeout(30_000)
                .putHeader("content-type", "application/json")
                .putHeader(INVOCATION_HEADER, id);
        return client.request(options).compose(request -> {
            long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), late -> request.reset(0,
                    new TimeoutException("callback exceeded its deadline of " + deadline)));
            return request.send(Buffer.buffer(json))
                    .compose(response -> BoundedRead.of(response, MAX_ANSWER_BYTES).map(read -> response.statusCode()))
                    .onComplete(done -> vertx.cancelTimer(timer));
        });
    }

    private void failed(Target target, String id, byte[] json, int attempt, Integer status,
            CompletableFuture<InvocationRecord.Callback> outcome) {
        if (attempt >= attempts) {
            outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.FAILED, attempt, status, FAILED));
            return;
        }
        long pause = Math.max(1, firstPause.toMillis() << (attempt - 1));
        vertx.setTimer(pause, timer -> attempt(target, id, json, attempt + 1, outcome));
    }

    @Override
    public void close() {
        client.close();
    }
}
