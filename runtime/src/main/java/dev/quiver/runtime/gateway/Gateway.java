package dev.quiver.runtime.gateway;

import dev.quiver.runtime.auth.ApiKeyCheck;
import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionAddress;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.LoadSource;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import java.util.List;

/**
 * The data-plane entry: routes {@code /fn/<name>[@<tag>][/<path>]} (the default namespace's function) and
 * {@code /fn/<namespace>/<name>[@<tag>][/<path>]} to a revision (match rules, then tag, then the weighted split,
 * by a cookie or header when it is sticky: {@link StickyCookie}), admits it under the revision's limits, holds it
 * while the revision wakes from zero (the activator), forwards it over pooled keep-alive connections to a ready
 * replica and relays the reply with {@code X-Quiver-Revision}. Checks the API key of functions that need one, hands requests that ask to run
 * asynchronously to {@link AsyncInvocations}, and serves {@code /invocations/<id>} and {@code /metrics} too.
 * Non-blocking: call {@link #handle} on an event loop.
 *
 * <p>Ambiguity rule ({@link FunctionAddress}): the short form is tried first. When the first segment names a
 * function of the default namespace, it is that function and the rest is its path; otherwise, when the first two
 * segments name a namespace and a function in it, that one; else 404. No other namespace can therefore capture
 * the default namespace's traffic; a default-namespace function named like a namespace shadows that namespace's
 * qualified URLs.
 */
public final class Gateway implements LoadSource, AutoCloseable {

    /** Names the revision that served a reply; also sent to the function as context. */
    public static final String REVISION_HEADER = "X-Quiver-Revision";
    /** Reaches a tagged revision, like {@code /fn/<name>@<tag>}. */
    public static final String TAG_HEADER = "X-Quiver-Tag";
    /** Where functions are served. */
    public static final String FUNCTION_PREFIX = FunctionAddress.PREFIX;
    /** Where the metrics are served, in Prometheus' text format. */
    public static final String METRICS_PATH = "/metrics";
    /** Where the status of asynchronous invocations is served: {@code /invocations/<id>}. */
    public static final String INVOCATIONS_PREFIX = "/invocations/";
    /** Asks for an asynchronous invocation, like {@code Prefer: respond-async}. */
    public static final String ASYNC_HEADER = "X-Quiver-Async";

    final Vertx vertx;
    final Platform platform;
    final GatewayConfig config;
    final LoopClients clients;
    final BodyBudget bodies;
    /**
     * Whether Vert.x traces the gateway's requests: its client then writes the trace context of its own span to the
     * forwarded request, so the caller's {@code traceparent} is not copied (it would be a second one).
     */
    final boolean traced;
    private final RouteCatalog catalog;
    private final RevisionGates gates;
    private final GatewayMeters metrics;
    private final RolloutCounters rolloutCounters = new RolloutCounters();
    private volatile AsyncInvocations async;

    /**
     * A gateway over the given routes and platform; it listens to the platform's endpoint changes at once.
     *
     * @param vertx    the Vert.x instance whose event loops serve the requests
     * @param catalog  where functions' routes are looked up
     * @param platform where revisions run and wake
     * @param config   limits that do not come from revisions
     */
    public Gateway(Vertx vertx, RouteCatalog catalog, Platform platform, GatewayConfig config) {
        this(vertx, catalog, platform, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false);
    }

    /**
     * A gateway whose meters go to the given registry (the runtime's; {@value #METRICS_PATH} serves it), untraced.
     *
     * @param registry where the gateway's meters are registered; they read its counters when scraped
     */
    public Gateway(Vertx vertx, RouteCatalog catalog, Platform platform, GatewayConfig config,
            MeterRegistry registry) {
        this(vertx, catalog, platform, config, registry, false);
    }

    /**
     * A gateway whose meters go to the given registry and whose requests Vert.x traces or not.
     *
     * @param registry where the gateway's meters are registered; they read its counters when scraped
     * @param traced whether Vert.x's tracer makes the server and client spans of its requests (tracing is on): the
     *               forward then carries the client span's {@code traceparent} instead of the caller's
     */
    public Gateway(Vertx vertx, RouteCatalog catalog, Platform platform, GatewayConfig config,
            MeterRegistry registry, boolean traced) {
        this.traced = traced;
        this.vertx = vertx;
        this.catalog = catalog;
        this.platform = platform;
        this.config = config;
        this.gates = new RevisionGates(catalog, platform, config.queueLimit(), registry);
        this.metrics = gates.metrics();
        this.bodies = config.bodyBudget();
        // requests waiting for a pooled connection to one replica are bounded too (a revision without
        // containerConcurrency never queues at its gate): past the bound the pool refuses at once, answered 503
        this.clients = new LoopClients(vertx,
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setPipelining(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerEndpoint())
                        .setMaxWaitQueueSize(Math.max(1, config.queueLimit())));
        platform.addEndpointsListener(gates::endpointsChanged);
    }

    /** Serves one request: a function under {@value #FUNCTION_PREFIX}, or the metrics, or a JSON 404. */
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith(FUNCTION_PREFIX)) {
            invoke(request, path);
        } else if (path.startsWith(INVOCATIONS_PREFIX)) {
            invocationStatus(request, path.substring(INVOCATIONS_PREFIX.length()));
        } else if (path.equals(METRICS_PATH)) {
            serveMetrics(request);
        } else {
            unrouted(request, 404, ErrorReply.NOT_FOUND, "functions are served under " + FUNCTION_PREFIX + "<name>",
                    null, null);
        }
    }

    /**
     * Answers 413 as JSON when a request to a function declares a body larger than the gateway accepts, before
     * anything else reads it; for the HTTP server's own body-size check, which would answer an empty 413, to run
     * after it.
     *
     * @return whether the request was answered
     */
    public boolean refusedAsTooLarge(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !tooLarge(length)) {
            return false;
        }
        FunctionRoutes routes = FunctionAddress.resolve(catalog, request.path(), pinnedNamespace(request)).routes();
        unrouted(request, 413, ErrorReply.PAYLOAD_TOO_LARGE, "the request body is larger than "
                + config.maxBodyBytes() + " bytes", routes, routes == null ? null : routes.function(), null);
        return true;
    }

    /** Sets where asynchronous invocations go; without one they are answered 503 (they need NATS). */
    public void asyncInvocations(AsyncInvocations handler) {
        this.async = handler;
    }

    /**
     * Checks the caller against the API key of a function, when it has one, and answers 401 or 403 when it fails.
     * The runtime's own calls ({@link InternalKey}) pass: their trigger or submission was authorised before.
     *
     * @param request   the request; ended when refused
     * @param namespace the function's namespace; null for the default namespace
     * @param function  the function's name; a function that no longer exists needs no key
     * @return whether the request may go on
     */
    public boolean authorized(HttpServerRequest request, String namespace, String function) {
        FunctionRoutes routes = catalog.find(namespace == null ? catalog.defaultNamespace() : namespace, function)
                .orElse(null);
        return routes == null || authorized(request, routes);
    }

    /**
     * Tells the gateway how many gateway replicas share the functions and which one it is (by sorted name), so that
     * each keeps only its share of a revision's {@code containerConcurrency} per function replica
     * ({@link dev.quiver.runtime.routing.ConcurrencyShare}). Called when the count changes, never per request.
     *
     * @param replicas the live gateway replicas, this one included
     * @param index    this replica's place among them
     */
    public void gatewayReplicas(int replicas, int index) {
        gates.gatewayReplicas(replicas, index);
    }

    /** Requests in flight to the revision plus those waiting for it, queued or held while it wakes. */
    @Override
    public int concurrency(RevisionRef revision) {
        return gates.concurrency(revision);
    }

    /** The per-revision totals a rollout is judged on. */
    public RolloutCounters rolloutCounters() {
        return rolloutCounters;
    }

    /** The registry of the gateway's meters. */
    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /**
     * A copy of every revision's counters as of now (each revision the gateway routes to), for the dashboard;
     * read-only, the request path is not slowed or changed.
     */
    public List<RevisionSnapshot> revisionSnapshots() {
        return gates.snapshots();
    }

    /** Closes the pooled connections to the functions. */
    @Override
    public void close() {
        clients.close();
    }

    private void invoke(HttpServerRequest request, String path) {
        FunctionAddress address = FunctionAddress.resolve(catalog, path, pinnedNamespace(request));
        FunctionRoutes routes = address.routes();
        String name = address.name();
        String tag = address.tag() != null ? address.tag() : request.getHeader(TAG_HEADER);
        if (routes == null) {
            unrouted(request, 404, ErrorReply.FUNCTION_NOT_FOUND, "no function named '" + name + "' in namespace '"
                    + address.namespace() + "'", name, null);
            return;
        }
        if (routes.apiKeySha256() != null && !authorized(request, routes)) {
            return;
        }
        boolean internal = InternalKey.matches(request.getHeader(InternalKey.HEADER));
        if (AsyncPreference.wanted(request)) {
            if (!internal) {
                RuntimeHeaders.strip(request.headers()); // stored and later sent with the key: drop them now
            }
            submitAsync(request, routes, FUNCTION_PREFIX + address.functionSegment() + address.rest());
            return;
        }
        String sticky = tag == null ? StickyCookie.freshValue(routes.table(), request, internal) : null;
        String revision = RevisionChoice.choose(routes.table(), request, tag, sticky);
        if (sticky != null) {
            StickyCookie.set(request, routes.table().stickyCookie(), sticky,
                    StickyCookie.functionPath(request.path(), address.rest()));
        }
        if (revision == null && tag != null) {
            unrouted(request, 404, ErrorReply.TAG_NOT_FOUND, "function '" + name + "' has no tag '" + tag + "'",
                    routes, routes.function(), null);
            return;
        }
        RevisionSettings settings = revision == null ? null : routes.revisions().get(revision);
        if (settings == null) {
            unrouted(request, 503, ErrorReply.NO_READY_REVISION, "function '" + name + "' has no ready revision to serve",
                    routes, routes.function(), revision);
            return;
        }
        RevisionGate gate = gates.gate(settings);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length)) {
            ErrorReply.send(request.response(), 413, ErrorReply.PAYLOAD_TOO_LARGE, "the request body is larger than "
                    + config.maxBodyBytes() + " bytes", routes.function(), revision, config.retryAfterSeconds());
            gate.metrics.record(413, 0);
            return;
        }
        String query = request.query();
        String rest = address.rest();
        new Exchange(this, request, routes.function(), gate, query == null ? rest : rest + '?' + query, internal)
                .start();
    }

    private boolean authorized(HttpServerRequest request, FunctionRoutes routes) {
        byte[] expected = routes.apiKeySha256();
        if (expected == null || InternalKey.matches(request.getHeader(InternalKey.HEADER))) {
            return true;
        }
        // the header is read here and nowhere else, and never logged
        ApiKeyCheck.Outcome outcome = ApiKeyCheck.check(request.getHeader(HttpHeaders.AUTHORIZATION), expected);
        if (outcome == ApiKeyCheck.Outcome.ACCEPTED) {
            return true;
        }
        if (outcome == ApiKeyCheck.Outcome.MISSING) {
            ErrorReply.sendUnauthorized(request.response(), routes.function());
            metrics.unrouted(routes.namespace(), routes.function(), 401);
        } else if (outcome == ApiKeyCheck.Outcome.UNAVAILABLE) {
            unrouted(request, 503, ErrorReply.API_KEY_UNAVAILABLE, "the API key of function '" + routes.function()
                    + "' cannot be checked right now; try again", routes, routes.function(), null);
        } else {
            unrouted(request, 403, ErrorReply.FORBIDDEN, "the API key is not the one of function '"
                    + routes.function() + "'", routes, routes.function(), null);
        }
        return false;
    }

    /**
     * The namespace a call of the runtime itself names outright ({@link GatewayInvoker#NAMESPACE_HEADER}); honoured
     * only with the runtime's {@link InternalKey}, so that no client can choose it for a short URL.
     */
    private static String pinnedNamespace(HttpServerRequest request) {
        String pinned = request.getHeader(GatewayInvoker.NAMESPACE_HEADER);
        return pinned != null && InternalKey.matches(request.getHeader(InternalKey.HEADER)) ? pinned : null;
    }

    /** Stores the request with the canonical path ({@code /fn/<name>[@<tag>]<rest>}) and the function's namespace. */
    private void submitAsync(HttpServerRequest request, FunctionRoutes routes, String path) {
        AsyncInvocations handler = async;
        if (handler == null) {
            unrouted(request, 503, ErrorReply.ASYNC_UNAVAILABLE, "asynchronous invocations need NATS with JetStream; "
                    + "set quiver.nats.url to a server started with -js", routes, routes.function(), null);
            return;
        }
        String query = request.query();
        handler.submit(request, routes, query == null ? path : path + '?' + query, bodies);
    }

    private void invocationStatus(HttpServerRequest request, String id) {
        AsyncInvocations handler = async;
        if (handler == null) {
            unrouted(request, 503, ErrorReply.ASYNC_UNAVAILABLE, "asynchronous invocations need NATS with JetStream; "
                    + "set quiver.nats.url to a server started with -js", null, null);
            return;
        }
        handler.status(request, id, this);
    }

    private boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > config.maxBodyBytes();
        } catch (NumberFormatException malformed) {
            return false; // the HTTP codec rejects it; the streamed count still enforces the limit
        }
    }

    private void unrouted(HttpServerRequest request, int status, String error, String message, String function,
            String revision) {
        unrouted(request, status, error, message, null, function, revision);
    }

    private void unrouted(HttpServerRequest request, int status, String error, String message, FunctionRoutes routes,
            String function, String revision) {
        ErrorReply.send(request.response(), status, error, message, function, revision, config.retryAfterSeconds());
        // names of unknown functions come from the client: counting them under their own label would let
        // anyone grow the metrics without bound
        boolean unknown = error.equals(ErrorReply.FUNCTION_NOT_FOUND);
        metrics.unrouted(unknown || routes == null ? null : routes.namespace(), unknown ? null : function, status);
    }

    /**
     * Serves the registry in Prometheus' text format where the gateway is mounted on its own (tests, benches); in
     * the runtime Quarkus serves the same registry at this path.
     */
    private void serveMetrics(HttpServerRequest request) {
        PrometheusMeterRegistry prometheus = GatewayMeters.prometheus(metrics.registry());
        if (prometheus == null) {
            unrouted(request, 404, ErrorReply.NOT_FOUND, "no Prometheus registry", null, null);
            return;
        }
        request.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .end(prometheus.scrape());
    }
}
