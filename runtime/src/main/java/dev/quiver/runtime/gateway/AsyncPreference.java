package dev.quiver.runtime.gateway;

import dev.quiver.runtime.invoke.GatewayInvoker;
import io.vertx.core.http.HttpServerRequest;

/**
 * Whether a request asks to run asynchronously: {@code X-Quiver-Async: true} or {@code Prefer: respond-async}
 * (RFC 7240). Read once per request; the common request, with neither header, costs two lookups and no allocation.
 */
final class AsyncPreference {

    private static final String PREFER_HEADER = "Prefer";
    private static final String RESPOND_ASYNC = "respond-async";

    private AsyncPreference() {
    }

    /** Whether the caller asks for an asynchronous call; the runtime's own calls never become one. */
    static boolean wanted(HttpServerRequest request) {
        String flag = request.getHeader(Gateway.ASYNC_HEADER);
        String prefer = request.getHeader(PREFER_HEADER);
        if (flag == null && prefer == null) {
            return false; // the common case: two lookups, no allocation
        }
        if (request.getHeader(GatewayInvoker.INTERNAL_HEADER) != null) {
            return false;
        }
        return flag != null && flag.trim().equalsIgnoreCase("true") || prefer != null && prefersAsync(prefer);
    }

    /** Whether a {@code Prefer} header (RFC 7240) holds the {@code respond-async} preference. */
    static boolean prefersAsync(String prefer) {
        int from = 0;
        while (from < prefer.length()) {
            int end = prefer.indexOf(',', from);
            if (end < 0) {
                end = prefer.length();
            }
            int start = from;
            while (start < end && Character.isWhitespace(prefer.charAt(start))) {
                start++;
            }
            int stop = start;
            while (stop < end && prefer.charAt(stop) != ';' && prefer.charAt(stop) != '='
                    && !Character.isWhitespace(prefer.charAt(stop))) {
                stop++;
            }
            if (stop - start == RESPOND_ASYNC.length() && prefer.regionMatches(true, start, RESPOND_ASYNC, 0, stop - start)) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }
}
