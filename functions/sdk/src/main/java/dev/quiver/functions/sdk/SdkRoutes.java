package dev.quiver.functions.sdk;

import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The routes the SDK adds next to Funqy's: health endpoints for the runtime's probes, a JSON 404 for any other
 * path, and {@code /} for the app's lone function (Funqy itself serves a function only at {@code /<name>}, while a gateway forwards
 * {@code /fn/<function>} to {@code /}).
 */
@ApplicationScoped
public class SdkRoutes {

    /** Ahead of Funqy's routes. */
    static final int ORDER = -100;

    /** After every other route but ahead of Quarkus' own not-found page (which is HTML in dev and test). */
    static final int NOT_FOUND_ORDER = Integer.MAX_VALUE - 1;

    private final DrainState drain;
    private final Optional<String> defaultFunction;

    SdkRoutes(DrainState drain, @ConfigProperty(name = "quiver.default-function") Optional<String> defaultFunction) {
        this.drain = drain;
        this.defaultFunction = defaultFunction;
    }

    void register(@Observes Router router) {
        router.get("/health/live").order(ORDER).handler(ctx -> health(ctx, 200, "UP"));
        router.get("/health/ready").order(ORDER).handler(this::ready);
        router.route("/").order(ORDER).handler(this::serveDefaultFunction);
        router.route().order(NOT_FOUND_ORDER).handler(ctx -> ctx.fail(404));
    }

    private void ready(RoutingContext ctx) {
        if (drain.isDraining()) {
            health(ctx, 503, "DRAINING");
        } else {
            health(ctx, 200, "UP");
        }
    }

    private static void health(RoutingContext ctx, int status, String state) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("status", state).encode());
    }

    private void serveDefaultFunction(RoutingContext ctx) {
        String name = defaultFunctionName();
        if (name == null) {
            ctx.next();
            return;
        }
        String query = ctx.request().query();
        ctx.reroute("/" + name + (query == null ? "" : "?" + query));
    }

    /** The configured default function, else the app's only function, else null (then {@code /} is a 404). */
    String defaultFunctionName() {
        if (defaultFunction.isPresent()) {
            return defaultFunction.get();
        }
        Collection<FunctionInvoker> invokers = FunctionRecorder.registry == null ? List.of()
                : FunctionRecorder.registry.invokers();
        return invokers.size() == 1 ? invokers.iterator().next().getName() : null;
    }
}
