package dev.quiver.runtime.gateway;

import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.tracing.Tracing;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/** The headers a request is forwarded to a function with: the caller's, less those a proxy must not pass, plus the gateway's. */
final class UpstreamHeaders {

    private UpstreamHeaders() {
    }

    /**
     * The forwarded request's headers.
     *
     * @param request  the caller's request
     * @param internal whether it carries the runtime's internal key (only then may it pose as an event)
     * @param traced   whether Vert.x's client writes its own span's trace context (the caller's is then dropped)
     * @param revision the revision it goes to, sent as context for the function and its callees
     */
    static MultiMap of(HttpServerRequest request, boolean internal, boolean traced, String revision) {
        MultiMap headers = HttpHeaders.headers();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            // the runtime's internal key never reaches a function; a caller's event headers do not either
            if (!HopByHop.is(name) && !HopByHop.isSetBySender(name) && !InternalKey.isHeader(name)
                    && (internal || !RuntimeHeaders.is(name)) && !(traced && Tracing.isTraceHeader(name))) {
                headers.add(name, header.getValue());
            }
        }
        headers.set(Gateway.REVISION_HEADER, revision);
        String host = request.getHeader(HttpHeaders.HOST);
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        }
        headers.set("X-Forwarded-Proto", request.scheme());
        if (request.remoteAddress() != null) {
            String prior = request.getHeader("X-Forwarded-For");
            String client = request.remoteAddress().hostAddress();
            headers.set("X-Forwarded-For", prior == null ? client : prior + ", " + client);
        }
        return headers;
    }
}
