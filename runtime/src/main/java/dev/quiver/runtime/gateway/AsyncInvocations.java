package dev.quiver.runtime.gateway;

import dev.quiver.runtime.routing.FunctionRoutes;
import io.vertx.core.http.HttpServerRequest;

/**
 * Where the gateway hands requests that ask to run asynchronously ({@code Prefer: respond-async} or
 * {@code X-Quiver-Async: true}), and the status lookups of {@code GET /invocations/<id>}. Called on an event loop
 * after the function was found and the caller authorised; the implementation ends the response.
 */
public interface AsyncInvocations {

    /**
     * Stores the request for later and answers 202 with the invocation's id.
     *
     * @param request the request, its body not read yet
     * @param routes  the routes of the function it names
     * @param uri     the gateway path with its query, e.g. {@code /fn/orders@beta/items?x=1}, replayed as is later
     * @param bodies  the gateway's deadline for the body and its bound on the bodies held at once
     */
    void submit(HttpServerRequest request, FunctionRoutes routes, String uri, BodyBudget bodies);

    /**
     * Answers with the status record of an invocation, or a JSON 404.
     *
     * @param request the request
     * @param id      the invocation's id from the path
     * @param gateway to check the caller against the function's API key once the record names the function
     */
    void status(HttpServerRequest request, String id, Gateway gateway);
}
