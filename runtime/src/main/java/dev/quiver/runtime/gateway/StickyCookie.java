package dev.quiver.runtime.gateway;

import dev.quiver.api.traffic.RoutingTable;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's side of a split that is sticky by cookie ({@code spec.sticky.cookie}): a request without the cookie
 * gets a fresh random value, is placed in the split by that value's hash (so by weight, at random), and the reply sets
 * the cookie so that the user's next requests land on the same revision. The placement itself is
 * {@link RoutingTable}'s; the value only buckets users and grants nothing, so it need not be secret.
 */
final class StickyCookie {

    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private StickyCookie() {
    }

    /**
     * A fresh value for a request that the split places by a cookie it does not carry; null when the split is not
     * sticky by cookie, the request has the cookie, or it is the runtime's own call (nobody would keep the cookie).
     */
    static String freshValue(RoutingTable table, HttpServerRequest request, boolean internal) {
        String name = table.stickyCookie();
        if (name == null || internal) {
            return null;
        }
        Cookie present = request.getCookie(name);
        if (present != null && !present.getValue().isEmpty()) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    /**
     * Adds the cookie to the reply: HttpOnly (scripts need not read it), SameSite=Lax, scoped to the function's own
     * path, and Secure when the client came over HTTPS (here or at a proxy in front). A session cookie: the user
     * keeps the revision while the browser is open.
     *
     * @param functionPath the path that names the function, {@code /fn/<name>} or {@code /fn/<namespace>/<name>}
     */
    static void set(HttpServerRequest request, String name, String value, String functionPath) {
        Cookie cookie = Cookie.cookie(name, value).setPath(functionPath).setHttpOnly(true)
                .setSameSite(CookieSameSite.LAX)
                .setSecure(request.isSSL() || "https".equalsIgnoreCase(request.getHeader(FORWARDED_PROTO)));
        request.response().headers().add(HttpHeaders.SET_COOKIE, cookie.encode());
    }

    /** The part of the request path that names the function: the path without the function's own rest. */
    static String functionPath(String path, String rest) {
        if (path.endsWith(rest)) {
            String prefix = path.substring(0, path.length() - rest.length());
            return prefix.isEmpty() ? path : prefix;
        }
        return path; // the rest is "/" for a path that ends at the function's name
    }
}
