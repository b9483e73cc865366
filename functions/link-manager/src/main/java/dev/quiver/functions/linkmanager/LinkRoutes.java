package dev.quiver.functions.linkmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * {@code GET /} (through the gateway: {@code GET /fn/link-manager}) answers what the link manager knows:
 * {@code {"links": [{Username, Url, Status, UpdatedAt, EventId}]}}, one user's with {@code ?username=}. A POST to
 * {@code /} still reaches the function, which records a result.
 */
@ApplicationScoped
public class LinkRoutes {

    /** Ahead of the SDK's route that hands {@code /} to the function. */
    static final int ORDER = -200;

    private final LinkBook book;
    private final ObjectMapper json;

    LinkRoutes(LinkBook book, ObjectMapper json) {
        this.book = book;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.get("/").order(ORDER).handler(this::list);
    }

    private void list(RoutingContext ctx) {
        String username = ctx.queryParams().get("username");
        try {
            ctx.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(json.writeValueAsString(Map.of("links", book.list(username == null || username.isBlank()
                            ? null : username))));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
