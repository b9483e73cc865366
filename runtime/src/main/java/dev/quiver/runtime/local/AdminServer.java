package dev.quiver.runtime.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.api.ApiJson;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.events.TriggerStatuses;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.jobs.JobReports;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The admin API the {@code quiver} CLI talks to, on its own loopback-only port: functions and revisions with their
 * status, traffic changes (rollback included), replica logs and the state of event triggers. Every body is JSON
 * from {@link ApiJson}, errors included ({@code {error, message, function}}). Every request must name loopback as
 * its Host and carry the work folder's {@link AdminToken} ({@code Authorization: Bearer <token>}): the first stops
 * web pages (DNS rebinding), the second other users of the machine, whose processes reach loopback too.
 */
public final class AdminServer implements AutoCloseable {

    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final LocalFunctionStore store;
    private final JobInvoker jobs;
    private final HttpServer server;
    private final TriggerStatuses triggers;
    private final AdminToken token;
    private final LocalRollouts rollouts;

    private AdminServer(LocalFunctionStore store, JobInvoker jobs, HttpServer server, TriggerStatuses triggers,
            AdminToken token, LocalRollouts rollouts) {
        this.token = token;
        this.rollouts = rollouts;
        this.store = store;
        this.jobs = jobs;
        this.server = server;
        this.triggers = triggers;
    }

    /** Starts serving on 127.0.0.1 at the port (0: any free port), waiting until it listens; no job results. */
    public static AdminServer start(Vertx vertx, LocalFunctionStore store, int port, AdminToken token) {
        return start(vertx, store, port, token, TriggerStatuses.NONE, null);
    }

    /**
     * Starts serving on 127.0.0.1 at the port (0: any free port), with the state of the event triggers and the
     * results of Job-mode functions, waiting until it listens.
     *
     * @param token the token every request must carry
     * @param jobs  where the results of Job-mode functions are, or null when none run
     */
    public static AdminServer start(Vertx vertx, LocalFunctionStore store, int port, AdminToken token,
            TriggerStatuses triggers, JobInvoker jobs) {
        return start(vertx, store, port, token, triggers, jobs, null);
    }

    /**
     * As {@link #start(Vertx, LocalFunctionStore, int, AdminToken, TriggerStatuses, JobInvoker)}, with the rollout
     * driver that {@code POST /v1/functions/NAME/rollout} commands (null: no function has a running rollout).
     */
    public static AdminServer start(Vertx vertx, LocalFunctionStore store, int port, AdminToken token,
            TriggerStatuses triggers, JobInvoker jobs, LocalRollouts rollouts) {
        Router router = Router.router(vertx);
        HttpServer server = vertx.createHttpServer();
        AdminServer admin = new AdminServer(store, jobs, server, triggers, token, rollouts);
        router.route().handler(AdminServer::loopbackOnly);
        router.route().handler(admin::withToken);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/v1/functions").handler(admin::list);
        router.get("/v1/functions/:name").handler(admin::get);
        router.get("/v1/functions/:name/revisions").handler(admin::revisions);
        router.put("/v1/functions/:name/traffic").handler(admin::traffic);
        router.get("/v1/functions/:name/logs").handler(admin::logs);
        router.get("/v1/functions/:name/triggers").handler(admin::triggers);
        router.get("/v1/functions/:name/jobs").handler(admin::jobs);
        // Blocking: the command waits for the store's lock, which a scan holds while it resolves traffic.
        router.post("/v1/functions/:name/rollout").blockingHandler(admin::rollout, false);
        router.route().last().handler(ctx -> error(ctx, 404, "NotFound", "no such endpoint: " + ctx.request().method()
                + " " + ctx.request().path() + "; see GET /v1/functions", null));
        router.errorHandler(413, ctx -> error(ctx, 413, "TooLarge", "the body is over " + MAX_BODY_BYTES + " bytes", null));
        try {
            server.requestHandler(router).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the admin API cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return admin;
    }

    /** The port it listens on. */
    public int port() {
        return server.actualPort();
    }

    private void list(RoutingContext ctx) {
        json(ctx, 200, Map.of("items", store.functions()));
    }

    private void get(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        store.function(name).ifPresentOrElse(function -> json(ctx, 200, function), () -> noSuchFunction(ctx, name));
    }

    private void revisions(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        store.revisions(name).ifPresentOrElse(items -> json(ctx, 200, Map.of("items", items)),
                () -> noSuchFunction(ctx, name));
    }

    private void traffic(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        List<TrafficTarget> targets;
        try {
            targets = AdminJson.trafficTargets(name, ctx.body().asString());
        } catch (AdminJson.MalformedTraffic e) {
            json(ctx, 400, AdminJson.invalidTraffic(name, e.getMessage(), List.of()));
            return;
        }
        try {
            store.setTraffic(name, targets).ifPresentOrElse(function -> json(ctx, 200, function),
                    () -> noSuchFunction(ctx, name));
        } catch (InvalidTrafficException e) {
            json(ctx, 400, AdminJson.invalidTraffic(name, e.getMessage(), e.problems()));
        }
    }

    /** {@code {"action":"promote"|"abort"}}: applies the command to the running rollout at once. */
    private void rollout(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String action;
        try {
            String body = ctx.body().asString();
            action = body == null || body.isBlank() ? null : ApiJson.json().readTree(body).path("action").asText(null);
        } catch (JsonProcessingException e) {
            action = null;
        }
        if (!"promote".equals(action) && !"abort".equals(action)) {
            error(ctx, 400, "InvalidAction", "the body must be {\"action\":\"promote\"} or {\"action\":\"abort\"}, not "
                    + (action == null ? "that" : "action '" + action + "'"), name);
            return;
        }
        if (store.function(name).isEmpty()) {
            noSuchFunction(ctx, name);
            return;
        }
        try {
            if (rollouts == null) {
                throw new LocalRollouts.NoRolloutRunningException(name + " has no rollout: nothing to " + action);
            }
            rollouts.command(name, action).ifPresentOrElse(function -> json(ctx, 200, function), () -> noSuchFunction(ctx, name));
        } catch (LocalRollouts.NoRolloutRunningException e) {
            error(ctx, 409, "NoRolloutRunning", e.getMessage(), name);
        }
    }

    private void logs(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String revision = ctx.queryParams().get("revision");
        if (store.function(name).isEmpty()) {
            noSuchFunction(ctx, name);
            return;
        }
        store.logs(name, revision).ifPresentOrElse(
                text -> ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(text),
                () -> error(ctx, 404, "NotFound", revision == null ? name + " has no revision yet"
                        : "no revision " + revision + " of " + name, name));
    }

    private void triggers(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (store.function(name).isEmpty()) {
            noSuchFunction(ctx, name);
            return;
        }
        json(ctx, 200, AdminJson.triggers(name, triggers.statuses(LocalFunctionStore.NAMESPACE, name)));
    }

    private void jobs(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (store.function(name).isEmpty()) {
            noSuchFunction(ctx, name);
            return;
        }
        JobInvoker.Report report = jobs == null ? new JobInvoker.Report(name, 0, 0, null, List.of())
                : jobs.report(LocalFunctionStore.NAMESPACE, name);
        json(ctx, 200, JobReports.toJson(report));
    }

    /**
     * Refuses DNS rebinding: a web page whose name resolves to 127.0.0.1 could otherwise call this API from the
     * browser, so the Host must name loopback (the CLI sends {@code localhost:<port>}) and a browser's Origin, when
     * there is one, must be a loopback origin too.
     */
    private static void loopbackOnly(RoutingContext ctx) {
        // The authority is HTTP/1.1's Host header or HTTP/2's :authority (clients that upgrade send no Host).
        HostAndPort authority = ctx.request().authority();
        String host = authority == null ? null
                : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
        String origin = ctx.request().getHeader("Origin");
        if (!LoopbackNames.isLoopbackHost(host)) {
            error(ctx, 403, "Forbidden", "the admin API answers only requests for localhost, 127.0.0.1 or [::1], not "
                    + (host == null ? "a request without a Host header" : "Host " + host), null);
        } else if (origin != null && !LoopbackNames.isLoopbackOrigin(origin)) {
            error(ctx, 403, "Forbidden", "the admin API answers no cross-origin requests (Origin " + origin + ")", null);
        } else {
            ctx.next();
        }
    }

    /** Refuses requests without the token; the answer says where the token is, which only its owner can read. */
    private void withToken(RoutingContext ctx) {
        if (token.accepts(ctx.request().getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        boolean sent = ctx.request().getHeader("Authorization") != null;
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"quiver-admin\"");
        error(ctx, 401, sent ? "InvalidAdminToken" : "AdminTokenRequired", (sent ? "the admin token is not this "
                + "runtime's" : "the admin API needs its token") + ": send 'Authorization: Bearer <token>' with the "
                + "token in " + token.file() + " (the quiver CLI reads it from the work folder)", null);
    }

    private static void noSuchFunction(RoutingContext ctx, String name) {
        error(ctx, 404, "NotFound", "no function named " + name + "; see GET /v1/functions", name);
    }

    private static void error(RoutingContext ctx, int status, String error, String message, String function) {
        json(ctx, status, AdminJson.error(error, message, function));
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(ApiJson.toJson(body));
    }

    @Override
    public void close() {
        server.close();
    }
}
