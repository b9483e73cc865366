package dev.quiver.runtime.gateway;

import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.api.traffic.StickyHash;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.ThreadLocalRandom;

/** Which revision serves a request: match rules first (a tester's header wins even over a tag), then the tag, then the weighted split. */
final class RevisionChoice {

    private RevisionChoice() {
    }

    /**
     * The revision for a request.
     *
     * @param fresh the value of the sticky cookie given to a request without one: it places the request, so that
     *              its next requests, with the cookie, land where this one does; null to draw at random
     * @return the revision, or null when a given tag does not exist or nothing routes the request
     */
    static String choose(RoutingTable table, HttpServerRequest request, String tag, String fresh) {
        RoutingTable.Request view = new RequestView(request);
        if (tag == null) {
            double uniform = fresh != null ? StickyHash.point(fresh) : ThreadLocalRandom.current().nextDouble();
            return table.choose(view, uniform).orElse(null); // rules, then split (by the sticky value, when given)
        }
        String byRule = table.matchRule(view).orElse(null);
        return byRule != null ? byRule : table.revisionForTag(tag).orElse(null);
    }

    /** The request as the routing table reads it. */
    private record RequestView(HttpServerRequest request) implements RoutingTable.Request {
        @Override
        public String header(String name) {
            return request.getHeader(name);
        }

        @Override
        public String cookie(String name) {
            var cookie = request.getCookie(name);
            return cookie == null ? null : cookie.getValue();
        }
    }
}
