package dev.quiver.runtime.dashboard;

import dev.quiver.api.ApiJson;
import io.vertx.ext.web.RoutingContext;

/** How the dashboard API answers: JSON from {@link ApiJson}, never cached (it holds live state). */
final class DashboardReplies {

    private DashboardReplies() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return; // the client went away or another handler answered
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(ApiJson.toJson(body));
    }
}
