package {{package}};

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The function: a plain HTTP route on {@code /} (the gateway forwards {@code /fn/{{name}}} there). {@code GET
 * /?name=Ada} and {@code POST /} with {@code {"name": "Ada"}} both answer {@code {"greeting": "Hello, Ada!"}}.
 * Add routes for other paths the same way; the SDK answers any path no route takes with a JSON 404.
 */
@ApplicationScoped
public class Routes {

    /** Ahead of the SDK's own route on {@code /} (which hands it to a Funqy function, if the app has one). */
    static final int ORDER = -200;
    /** Largest body read; a larger one is answered 413. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    void register(@Observes Router router) {
        // The body handler reads the whole body first (no file uploads), then greet runs with it.
        router.route("/").order(ORDER).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(this::greet);
    }

    private void greet(RoutingContext ctx) {
        String name = ctx.queryParams().get("name");
        if (!ctx.body().isEmpty()) {
            try {
                name = ctx.body().asJsonObject().getString("name", name);
            } catch (DecodeException | ClassCastException e) {
                reply(ctx, 400, new JsonObject().put("error", "BadRequest")
                        .put("message", "the body must be JSON like {\"name\": \"Ada\"}"));
                return;
            }
        }
        reply(ctx, 200, new JsonObject().put("greeting", "Hello, " + (name == null || name.isBlank() ? "world" : name) + "!"));
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
