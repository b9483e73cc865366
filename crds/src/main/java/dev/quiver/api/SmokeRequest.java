package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request of a smoke test and the response it expects. */
@ValidationRule(value = "!self.path.startsWith('/fn/') && self.path != '/fn'",
        message = "a smoke test path is the function's own path, e.g. /health; the gateway adds /fn/<name>@<tag>")
public class SmokeRequest extends ApiValue {

    /** Longest request body. */
    public static final int MAX_BODY = 16384;
    /** Default of {@link #method}. */
    public static final String DEFAULT_METHOD = "GET";

    /** HTTP method. */
    @JsonPropertyDescription("HTTP method: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS. Default GET.")
    @Default(DEFAULT_METHOD)
    @Pattern("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$")
    public String method;

    /** Path on the function. */
    @JsonPropertyDescription("Path on the function as the function sees it, starting with '/', with an optional query, "
            + "e.g. /check?url=https://example.com. The gateway reaches the new revision by its tag.")
    @Required
    @Pattern("^/[^\\s#]*$")
    @Size(max = 2048)
    public String path;

    /** Request body. */
    @JsonPropertyDescription("Request body, sent as is; JSON is sent with Content-Type application/json unless a "
            + "header says otherwise.")
    @Size(max = MAX_BODY)
    public String body;

    /** Request headers. */
    @JsonPropertyDescription("Request headers, name to value.")
    public Map<String, String> headers = new LinkedHashMap<>();

    /** What the response must be. */
    @JsonPropertyDescription("What the response must be; unset expects any 2xx status.")
    public SmokeExpectation expect;

    /** A request with a method and path and no expectation but a 2xx status. */
    public static SmokeRequest of(String method, String path) {
        SmokeRequest request = new SmokeRequest();
        request.method = method;
        request.path = path;
        return request;
    }

    /** The method, defaulted. */
    public String methodOrDefault() {
        return method == null ? DEFAULT_METHOD : method;
    }

    /** The expectation, or the default one: any 2xx status. */
    public SmokeExpectation expectOrDefault() {
        return expect == null ? new SmokeExpectation() : expect;
    }
}
