package dev.quiver.runtime.gateway;

import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * The gateway's own limits on a request's target and headers, answered with its JSON errors: 414
 * {@value ErrorReply#URI_TOO_LONG} and 431 {@value ErrorReply#HEADERS_TOO_LARGE}. The HTTP server's own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set higher, because the
 * server answers them with an empty body that a caller cannot tell from a broken connection; only requests past
 * those get that empty reply.
 *
 * @param maxUriLength   the longest request target (path and query), in characters
 * @param maxHeaderBytes the largest header block: every {@code name: value} line with its line break
 */
public record RequestLimits(int maxUriLength, int maxHeaderBytes) {

    /** The defaults, those of the HTTP server before: a 4 KiB request line, 20 KiB of headers. */
    public static RequestLimits defaults() {
        return new RequestLimits(4096, 20 * 1024);
    }

    /** Checks the bounds. */
    public RequestLimits {
        if (maxUriLength < 1 || maxHeaderBytes < 1) {
            throw new IllegalArgumentException("request limits must be positive");
        }
    }

    /** Answers 414 or 431 when the request is past a limit; returns whether it did. */
    boolean refused(HttpServerRequest request) {
        if (request.uri().length() > maxUriLength) {
            ErrorReply.send(request.response(), 414, ErrorReply.URI_TOO_LONG, "the request target is longer than "
                    + maxUriLength + " characters", null, null, 1);
            return true;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        if (headerBytes > maxHeaderBytes) {
            ErrorReply.send(request.response(), 431, ErrorReply.HEADERS_TOO_LARGE, "the request headers are larger than "
                    + maxHeaderBytes + " bytes", null, null, 1);
            return true;
        }
        return false;
    }
}
