package dev.quiver.runtime.dashboard;

import dev.quiver.runtime.gateway.RevisionSnapshot;
import dev.quiver.runtime.local.AdminJson;
import dev.quiver.runtime.local.LoopbackNames;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The web dashboard on its own port: the UI's files (classpath {@code dashboard/}, no token needed, they hold no
 * data) and the {@code /api/v1} JSON API, which needs the token ({@link DashboardGuards}). Bound to loopback, every
 * request must also name loopback as its Host. Started like the local admin API: {@link #start} returns once it
 * listens.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DashboardServer.class);
    /** The largest request body (a traffic list, or a body to invoke a function with). */
    static final long MAX_BODY_BYTES = 1024 * 1024;
    /** The classpath folder of the UI's files. */
    static final String STATIC_FOLDER = "dashboard";

    private final HttpServer server;
    private final LoopbackInvoker invoker;

    private DashboardServer(HttpServer server, LoopbackInvoker invoker) {
        this.server = server;
        this.invoker = invoker;
    }

    /**
     * Where the dashboard listens and whom it lets in.
     *
     * @param host          the address to bind (127.0.0.1 by default; loopback turns the Host guard on)
     * @param port          the port; 0 for any free one
     * @param token         the token every API request must carry
     * @param gatewayPort   the gateway's port on 127.0.0.1, which {@code /invoke} calls
     * @param invokeTimeout the longest one {@code /invoke} may take, in milliseconds
     */
    public record Settings(String host, int port, DashboardToken token, int gatewayPort, long invokeTimeout) {
    }

    /**
     * Starts serving and waits until it listens.
     *
     * @param source  what the API shows and changes
     * @param metrics the gateway's counters ({@code Gateway::revisionSnapshots})
     * @throws IllegalStateException when it cannot listen there
     */
    public static DashboardServer start(Vertx vertx, DashboardSource source, Supplier<List<RevisionSnapshot>> metrics,
            Settings settings) {
        LoopbackInvoker invoker = new LoopbackInvoker(vertx, settings.gatewayPort(), settings.invokeTimeout());
        DashboardApi api = new DashboardApi(source, metrics, invoker);
        DashboardGuards guards = new DashboardGuards(settings.token());
        StaticFiles files = new StaticFiles(STATIC_FOLDER, DashboardServer.class.getClassLoader());
        Router router = Router.router(vertx);
        router.route().handler(DashboardServer::securityHeaders);
        if (isLoopback(settings.host())) {
            router.route().handler(DashboardGuards::loopbackHost);
        }
        router.route("/api/*").handler(guards::token);
        router.route("/api/*").handler(DashboardGuards::csrf);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        // The store's lock and the Kubernetes API block: every API handler runs on a worker thread.
        blocking(router.get("/api/v1/info"), api::info);
        blocking(router.get("/api/v1/metrics"), api::metrics);
        blocking(router.get("/api/v1/functions"), api::list);
        blocking(router.get("/api/v1/functions/:name"), api::get);
        blocking(router.get("/api/v1/functions/:name/revisions"), api::revisions);
        blocking(router.put("/api/v1/functions/:name/traffic"), api::traffic);
        blocking(router.get("/api/v1/functions/:name/logs"), api::logs);
        blocking(router.get("/api/v1/functions/:name/triggers"), api::triggers);
        blocking(router.get("/api/v1/functions/:name/jobs"), api::jobs);
        blocking(router.get("/api/v1/functions/:name/invocations"), api::invocations);
        blocking(router.post("/api/v1/functions/:name/invoke"), api::invoke);
        // Routes match in the order they are added: this one only once no API route above took the request.
        router.route("/api/*").handler(ctx -> DashboardReplies.json(ctx, 404, AdminJson.error("NotFound",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path() + "; see GET /api/v1/functions",
                null)));
        router.get("/").handler(guards::login);
        router.get("/*").handler(files::serve);
        router.head("/*").handler(files::serve);
        router.route().handler(ctx -> DashboardReplies.json(ctx, 405, AdminJson.error("MethodNotAllowed",
                "the dashboard's files are read with GET", null)));
        router.route("/api/*").failureHandler(DashboardServer::failed);
        router.errorHandler(413, ctx -> DashboardReplies.json(ctx, 413, AdminJson.error("TooLarge", "the body is over "
                + MAX_BODY_BYTES + " bytes", null)));
        router.errorHandler(405, ctx -> DashboardReplies.json(ctx, 405, AdminJson.error("MethodNotAllowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null)));
        HttpServer server = vertx.createHttpServer();
        try {
            server.requestHandler(router).listen(settings.port(), settings.host()).toCompletionStage()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            invoker.close();
            throw new IllegalStateException("the dashboard cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        return new DashboardServer(server, invoker);
    }

    /** The port it listens on. */
    public int port() {
        return server.actualPort();
    }

    /** Whether an address to bind is loopback (as written: 127.x, localhost, ::1). */
    static boolean isLoopback(String host) {
        String h = host.trim();
        return LoopbackNames.isLoopbackHost(h) || h.startsWith("127.") || h.equals("::1");
    }

    private static void blocking(Route route, Handler<RoutingContext> handler) {
        route.blockingHandler(handler, false);
    }

    /** Headers every answer carries: no sniffing, no framing, no referrer (a login link holds the token). */
    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }

    /** A handler threw: the source's own refusal keeps its status; anything else is a 500 that says what failed. */
    private static void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof DashboardException e) {
            DashboardReplies.json(ctx, e.status(), AdminJson.error(e.error(), e.getMessage(), ctx.pathParam("name")));
        } else if (failure == null) {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            DashboardReplies.json(ctx, status, AdminJson.error(status == 413 ? "TooLarge" : "Failed",
                    status == 413 ? "the body is over " + MAX_BODY_BYTES + " bytes" : "the request failed (" + status
                    + ")", null));
        } else {
            LOG.errorf(failure, "dashboard %s %s failed", ctx.request().method(), ctx.request().path());
            DashboardReplies.json(ctx, 500, AdminJson.error("Internal", "the dashboard failed: " + failure, null));
        }
    }

    @Override
    public void close() {
        server.close();
        invoker.close();
    }
}
