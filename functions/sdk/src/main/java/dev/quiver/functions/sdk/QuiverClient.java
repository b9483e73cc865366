package dev.quiver.functions.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls other functions through the Quiver gateway and keeps the caller's route: the routing headers of the
 * request being served (see {@link HeaderPropagation}) are copied onto every call, so a tester routed to a
 * feature revision by {@code x-group: test} stays on feature revisions down the whole chain.
 *
 * <p>Built on {@code java.net.http}, so it adds no Quarkus extension. Call it from a function while it serves a
 * request: the inbound headers are read from that request.
 */
@ApplicationScoped
public class QuiverClient {

    private final URI gateway;
    private final Duration timeout;
    private final HeaderPropagation propagation;
    private final ObjectMapper json;
    private final Instance<CurrentVertxRequest> currentRequest;
    private final HttpClient http;

    QuiverClient(@ConfigProperty(name = "quiver.gateway.url", defaultValue = "http://localhost:8080") String gateway,
            @ConfigProperty(name = "quiver.client.timeout", defaultValue = "30s") Duration timeout,
            @ConfigProperty(name = "quiver.propagate-headers") Optional<String> propagateHeaders,
            ObjectMapper json, Instance<CurrentVertxRequest> currentRequest) {
        this.gateway = URI.create(gateway.endsWith("/") ? gateway : gateway + "/");
        this.timeout = timeout;
        this.propagation = HeaderPropagation.parse(propagateHeaders.orElse(null));
        this.json = json;
        this.currentRequest = currentRequest;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * POSTs a JSON body to {@code <gateway>/fn/<function>} and returns the raw response, whatever its status.
     *
     * @param function the name of the function to call
     * @param jsonBody the request body, already JSON
     * @throws IOException when the gateway cannot be reached
     */
    public HttpResponse<String> post(String function, String jsonBody) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(functionUri(function))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        propagatedHeaders().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling function '" + function + "'", e);
        }
    }

    /**
     * Calls a function with an input object and reads its JSON answer as {@code outputType}.
     *
     * @throws QuiverException 502 when the call fails or answers an error, so the caller's caller learns why
     */
    public <T> T invoke(String function, Object input, Class<T> outputType) {
        HttpResponse<String> response;
        try {
            response = post(function, json.writeValueAsString(input));
        } catch (IOException e) {
            throw new QuiverException(502, "CallFailed", "calling function '" + function + "' failed: " + e.getMessage());
        }
        if (response.statusCode() >= 300) {
            throw new QuiverException(502, "CallFailed", "function '" + function + "' answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return json.readValue(response.body(), outputType);
        } catch (JsonProcessingException e) {
            throw new QuiverException(502, "CallFailed", "function '" + function + "' answered JSON that is not a "
                    + outputType.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** The headers an outbound call carries now: the routing headers of the request being served, if any. */
    public Map<String, List<String>> propagatedHeaders() {
        RoutingContext inbound = servingRequest();
        if (inbound == null) {
            return Map.of();
        }
        return propagation.outbound(name -> inbound.request().headers().getAll(name));
    }

    private RoutingContext servingRequest() {
        try {
            return currentRequest.isResolvable() ? currentRequest.get().getCurrent() : null;
        } catch (ContextNotActiveException e) {
            return null; // called outside a request (a startup task, a thread of its own): nothing to propagate
        }
    }

    private URI functionUri(String function) {
        return gateway.resolve("fn/" + URLEncoder.encode(function, StandardCharsets.UTF_8));
    }
}
