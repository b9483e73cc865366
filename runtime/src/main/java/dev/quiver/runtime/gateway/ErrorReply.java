package dev.quiver.runtime.gateway;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * The gateway's own error replies: JSON {@code {"error", "message", "function", "revision"}} with the status
 * that names the failure, so that callers can tell a platform error from a function's own error body.
 */
public final class ErrorReply {

    static final String FUNCTION_NOT_FOUND = "FunctionNotFound";
    static final String TAG_NOT_FOUND = "TagNotFound";
    static final String NO_READY_REVISION = "NoReadyRevision";
    static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    /** The gateway holds as much as it may already: try again after {@code Retry-After}. */
    public static final String OVERLOADED = "Overloaded";
    static final String COLD_START_TIMEOUT = "ColdStartTimeout";
    static final String TIMEOUT = "Timeout";
    static final String FUNCTION_UNREACHABLE = "FunctionUnreachable";
    static final String BAD_REQUEST = "BadRequest";
    static final String NOT_FOUND = "NotFound";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String API_KEY_UNAVAILABLE = "ApiKeyUnavailable";
    static final String ASYNC_UNAVAILABLE = "AsyncUnavailable";
    static final String URI_TOO_LONG = "UriTooLong";
    static final String HEADERS_TOO_LARGE = "HeadersTooLarge";
    /** The body did not arrive whole in time. */
    public static final String REQUEST_TIMEOUT = "RequestTimeout";

    private ErrorReply() {
    }

    /** Ends the response with 401 and {@code WWW-Authenticate: Bearer}: the function needs an API key. */
    static void sendUnauthorized(HttpServerResponse response, String function) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(401);
        response.headers().clear();
        response.putHeader("Content-Type", "application/json");
        response.putHeader("WWW-Authenticate", "Bearer realm=\"quiver\"");
        response.end(json(UNAUTHORIZED, "function '" + function + "' needs an API key: send 'Authorization: Bearer <key>'",
                function, null));
    }

    /**
     * Ends the response with an error body; adds {@code X-Quiver-Revision} when a revision was chosen and
     * {@code Retry-After} on 503.
     */
    public static void send(HttpServerResponse response, int status, String error, String message, String function,
            String revision, int retryAfterSeconds) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        prepare(response, status, revision, retryAfterSeconds);
        response.end(json(error, message, function, revision));
    }

    private static void prepare(HttpServerResponse response, int status, String revision, int retryAfterSeconds) {
        response.setStatusCode(status);
        response.headers().clear();
        response.putHeader("Content-Type", "application/json");
        if (revision != null) {
            response.putHeader(Gateway.REVISION_HEADER, revision);
        }
        if (status == 503) {
            response.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
    }

    /**
     * Like {@link #send}, then closes an HTTP/1 connection once the reply is written: the rest of the request's
     * body is never read, so the connection cannot carry another request (and a trickling client holds nothing
     * more). An HTTP/2 connection carries other streams, so it stays.
     */
    public static void sendAndClose(HttpServerRequest request, int status, String error,
            String message, String function, String revision, int retryAfterSeconds) {
        HttpServerResponse response = request.response();
        if (request.version() == HttpVersion.HTTP_2) {
            // other streams share the connection: the reply ends this one only
            send(response, status, error, message, function, revision, retryAfterSeconds);
            return;
        }
        if (response.ended() || response.headWritten()) {
            request.connection().close();
            return;
        }
        prepare(response, status, revision, retryAfterSeconds);
        response.putHeader("Connection", "close");
        response.end(json(error, message, function, revision)).onComplete(written -> request.connection().close());
    }

    /** The JSON body; strings are escaped because function names and tags come from the request path. */
    public static String json(String error, String message, String function, String revision) {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"error\":");
        string(out, error);
        out.append(",\"message\":");
        string(out, message);
        out.append(",\"function\":");
        string(out, function);
        out.append(",\"revision\":");
        string(out, revision);
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        // Jackson's escaper (RFC 8259), which the runtime already carries for its API JSON
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }
}
