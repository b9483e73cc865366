package dev.quiver.functions.sdk;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives a function the CloudEvent attributes of the request it is serving. Inject it and call {@link #current()}
 * from the function: an event delivered by a NATS or JetStream trigger, a schedule or an asynchronous call yields
 * its attributes, a plain HTTP call yields empty.
 *
 * <pre>{@code
 * @Inject CloudEvents events;
 *
 * @Funq public Result handle(Input input) {
 *     String cause = events.current().map(CloudEventAttributes::id).orElse("http");
 *     ...
 * }
 * }</pre>
 */
@ApplicationScoped
public class CloudEvents {

    private final Instance<CurrentVertxRequest> currentRequest;

    CloudEvents(Instance<CurrentVertxRequest> currentRequest) {
        this.currentRequest = currentRequest;
    }

    /** The attributes of the event being served; empty for a plain HTTP call or outside of any request. */
    public Optional<CloudEventAttributes> current() {
        RoutingContext request = servingRequest();
        if (request == null) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.request().headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
        return CloudEventAttributes.fromHeaders(headers);
    }

    private RoutingContext servingRequest() {
        try {
            return currentRequest.isResolvable() ? currentRequest.get().getCurrent() : null;
        } catch (ContextNotActiveException e) {
            return null; // a startup task or a thread of the function's own: there is no event
        }
    }
}
