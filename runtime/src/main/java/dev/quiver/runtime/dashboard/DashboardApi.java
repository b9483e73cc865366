package dev.quiver.runtime.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.gateway.RevisionSnapshot;
import dev.quiver.runtime.jobs.JobReports;
import dev.quiver.runtime.local.AdminJson;
import dev.quiver.runtime.local.InvalidTrafficException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The handlers of {@code /api/v1}: each reads the request, asks the {@link DashboardSource} and answers JSON, with
 * the admin API's bodies and errors ({@link AdminJson}). Every route takes {@code ?namespace=} (default: the
 * platform's default namespace). All but {@link #invoke} block (the local store's lock, the Kubernetes API): they run
 * on worker threads.
 */
final class DashboardApi {

    private static final int DEFAULT_TAIL = 100;
    private static final int MAX_TAIL = 10_000;

    private final DashboardSource source;
    private final Supplier<List<RevisionSnapshot>> metrics;
    private final LoopbackInvoker invoker;

    DashboardApi(DashboardSource source, Supplier<List<RevisionSnapshot>> metrics, LoopbackInvoker invoker) {
        this.source = source;
        this.metrics = metrics;
        this.invoker = invoker;
    }

    void info(RoutingContext ctx) {
        DashboardReplies.json(ctx, 200, Map.of("platform", source.platform(), "defaultNamespace",
                source.defaultNamespace()));
    }

    void list(RoutingContext ctx) {
        DashboardReplies.json(ctx, 200, items(source.functions()));
    }

    void get(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        source.function(namespace(ctx), name).ifPresentOrElse(f -> DashboardReplies.json(ctx, 200, f),
                () -> noSuchFunction(ctx, name));
    }

    void revisions(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        source.revisions(namespace(ctx), name).ifPresentOrElse(
                list -> DashboardReplies.json(ctx, 200, items(list)), () -> noSuchFunction(ctx, name));
    }

    void traffic(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        List<TrafficTarget> targets;
        try {
            targets = AdminJson.trafficTargets(name, ctx.body().asString());
        } catch (AdminJson.MalformedTraffic e) {
            DashboardReplies.json(ctx, 400, AdminJson.invalidTraffic(name, e.getMessage(), List.of()));
            return;
        }
        try {
            source.setTraffic(namespace(ctx), name, targets).ifPresentOrElse(
                    f -> DashboardReplies.json(ctx, 200, f), () -> noSuchFunction(ctx, name));
        } catch (InvalidTrafficException e) {
            DashboardReplies.json(ctx, 400, AdminJson.invalidTraffic(name, e.getMessage(), e.problems()));
        }
    }

    void logs(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String revision = ctx.queryParams().get("revision");
        int tail;
        try {
            String given = ctx.queryParams().get("tail");
            tail = given == null ? DEFAULT_TAIL : Integer.parseInt(given.trim());
            if (tail < 1 || tail > MAX_TAIL) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            DashboardReplies.json(ctx, 400, AdminJson.error("InvalidTail", "tail must be a number of lines from 1 to "
                    + MAX_TAIL, name));
            return;
        }
        Optional<Function> function = source.function(namespace(ctx), name);
        if (function.isEmpty()) {
            noSuchFunction(ctx, name);
            return;
        }
        String shown = revision != null ? revision : function.get().getStatus() == null ? null
                : function.get().getStatus().latestCreatedRevisionName;
        Optional<String> text = source.logs(namespace(ctx), name, revision);
        if (text.isEmpty()) {
            DashboardReplies.json(ctx, 404, AdminJson.error("NotFound", revision == null ? name + " has no revision yet"
                    : "no revision " + revision + " of " + name, name));
            return;
        }
        List<String> lines = text.get().lines().toList();
        ObjectNode body = ApiJson.json().createObjectNode();
        body.put("function", name);
        body.put("revision", shown);
        ArrayNode shownLines = body.putArray("lines");
        lines.subList(Math.max(0, lines.size() - tail), lines.size()).forEach(shownLines::add);
        DashboardReplies.json(ctx, 200, body);
    }

    void triggers(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (exists(ctx, name)) {
            DashboardReplies.json(ctx, 200, AdminJson.triggers(name, source.triggers(namespace(ctx), name)));
        }
    }

    void jobs(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (exists(ctx, name)) {
            DashboardReplies.json(ctx, 200, JobReports.toJson(source.jobs(namespace(ctx), name)));
        }
    }

    void invocations(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (exists(ctx, name)) {
            DashboardReplies.json(ctx, 200, items(source.invocations(namespace(ctx), name)));
        }
    }

    void metrics(RoutingContext ctx) {
        DashboardReplies.json(ctx, 200, MetricsJson.of(System.currentTimeMillis(), metrics.get(), source));
    }

    /** Blocking part first (does the function exist?), then the call through the gateway off the worker. */
    void invoke(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String namespace = namespace(ctx);
        String path = ctx.queryParams().get("path");
        if (path != null && (!path.startsWith("/") || path.contains(".."))) {
            DashboardReplies.json(ctx, 400, AdminJson.error("InvalidPath", "path must start with / and must not "
                    + "contain ..: it is the function's own path after /fn/" + name, name));
            return;
        }
        if (!exists(ctx, name)) {
            return;
        }
        String shortOrFull = namespace == null || namespace.equals(source.defaultNamespace()) ? null : namespace;
        invoker.invoke(shortOrFull, name, path, ctx.request().getHeader("Content-Type"), ctx.body().buffer())
                .onSuccess(answer -> DashboardReplies.json(ctx, 200, answer))
                .onFailure(e -> DashboardReplies.json(ctx, 502, AdminJson.error("InvokeFailed", "the call through the "
                        + "gateway failed: " + e.getMessage(), name)));
    }

    private boolean exists(RoutingContext ctx, String name) {
        if (source.function(namespace(ctx), name).isPresent()) {
            return true;
        }
        noSuchFunction(ctx, name);
        return false;
    }

    /** {@code {"items":[...]}}, the array kept when empty (ApiJson leaves empty lists of objects out). */
    private static ObjectNode items(List<?> list) {
        ObjectNode body = ApiJson.json().createObjectNode();
        body.set("items", ApiJson.json().valueToTree(list));
        return body;
    }

    private static String namespace(RoutingContext ctx) {
        String namespace = ctx.queryParams().get("namespace");
        return namespace == null || namespace.isBlank() ? null : namespace.trim();
    }

    private static void noSuchFunction(RoutingContext ctx, String name) {
        DashboardReplies.json(ctx, 404, AdminJson.error("NotFound", "no function named " + name
                + "; see GET /api/v1/functions", name));
    }
}
