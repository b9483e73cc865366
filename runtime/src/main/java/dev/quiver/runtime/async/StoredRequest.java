package dev.quiver.runtime.async;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP request kept in JetStream until a worker has run it: what the gateway replays later over loopback.
 *
 * @param id          the invocation's id
 * @param function    the function's name
 * @param method      the HTTP method
 * @param uri         the gateway path with its query, without the namespace, e.g. {@code /fn/orders@beta/items?x=1}
 * @param headers     the request's headers as {@code [name, value]} pairs, without hop-by-hop ones, the
 *                    asynchronous markers, the callback URL, and the API key the gateway already checked
 * @param bodyBase64  the body, Base64
 * @param callbackUrl where the result is posted, or null
 * @param createdAt   when it was accepted (ISO-8601)
 * @param namespace   the function's namespace, replayed outright; null in requests stored by older runtimes (their
 *                    {@code uri} is then resolved by the gateway's URL rules)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredRequest(String id, String function, String method, String uri, List<List<String>> headers,
        String bodyBase64, String callbackUrl, String createdAt, String namespace) {

    /** Checks the required parts. */
    public StoredRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? List.of() : List.copyOf(headers);
        bodyBase64 = bodyBase64 == null ? "" : bodyBase64;
    }

    /** The body's bytes. */
    @JsonIgnore
    public byte[] body() {
        return Base64.getDecoder().decode(bodyBase64);
    }
}
