package dev.quiver.runtime.dashboard;

import dev.quiver.runtime.local.AdminJson;
import dev.quiver.runtime.local.LoopbackNames;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * The dashboard's guards, each a route handler that either answers (403, 401, 303) or passes the request on:
 * <ul>
 * <li>{@link #loopbackHost}: bound to loopback, the Host must name loopback and an Origin, when sent, must be a
 * loopback origin: a web page whose name resolves to 127.0.0.1 (DNS rebinding) is refused.</li>
 * <li>{@link #login}: {@code /?token=T} with the right token sets the HttpOnly, SameSite=Strict cookie and redirects
 * (303) to {@code /}, so the token leaves the address bar and the history.</li>
 * <li>{@link #token}: every {@code /api/} request carries the token, as the cookie or {@code Authorization: Bearer}.</li>
 * <li>{@link #csrf}: a PUT or POST also carries {@value #CSRF_HEADER}{@code : 1}, which a cross-site form cannot
 * send and a cross-site script cannot send without a CORS preflight this server never grants.</li>
 * </ul>
 */
public final class DashboardGuards {

    /** The cookie that carries the token after the login link was opened. */
    public static final String COOKIE = "quiver_dashboard";
    /** The header every mutating request must carry with the value 1. */
    public static final String CSRF_HEADER = "X-Quiver-Dashboard";

    private final DashboardToken token;

    /** Guards that accept this token. */
    public DashboardGuards(DashboardToken token) {
        this.token = token;
    }

    /** Refuses requests for a name other than loopback, and cross-origin requests, with 403. */
    public static void loopbackHost(RoutingContext ctx) {
        // HTTP/1.1's Host header or HTTP/2's :authority
        HostAndPort authority = ctx.request().authority();
        String host = authority == null ? null
                : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
        String origin = ctx.request().getHeader("Origin");
        if (!LoopbackNames.isLoopbackHost(host)) {
            DashboardReplies.json(ctx, 403, AdminJson.error("Forbidden", "the dashboard answers only requests for "
                    + "localhost, 127.0.0.1 or [::1], not " + (host == null ? "a request without a Host header"
                    : "Host " + host), null));
        } else if (origin != null && !LoopbackNames.isLoopbackOrigin(origin)) {
            DashboardReplies.json(ctx, 403, AdminJson.error("Forbidden", "the dashboard answers no cross-origin "
                    + "requests (Origin " + origin + ")", null));
        } else {
            ctx.next();
        }
    }

    /** {@code GET /?token=T}: sets the cookie when T is right, and always redirects to {@code /} without it. */
    public void login(RoutingContext ctx) {
        String presented = ctx.queryParams().get("token");
        if (presented == null) {
            ctx.next();
            return;
        }
        if (token.accepts(presented)) {
            Cookie cookie = Cookie.cookie(COOKIE, presented).setHttpOnly(true).setPath("/")
                    .setSameSite(CookieSameSite.STRICT);
            ctx.response().addCookie(cookie);
        }
        ctx.response().setStatusCode(303).putHeader("Location", "/").putHeader("Cache-Control", "no-store").end();
    }

    /** Refuses an API request without the right token with 401. */
    public void token(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        String bearer = bearer(ctx.request().getHeader("Authorization"));
        if (cookie != null && token.accepts(cookie.getValue()) || bearer != null && token.accepts(bearer)) {
            ctx.next();
            return;
        }
        boolean sent = cookie != null || bearer != null;
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"quiver-dashboard\"");
        DashboardReplies.json(ctx, 401, AdminJson.error("Unauthorized", (sent ? "the dashboard token is not this "
                + "runtime's" : "the dashboard needs its token") + ": open the Dashboard link that quiver dev printed "
                + "(http://127.0.0.1:<port>/?token=...), or send 'Authorization: Bearer <token>'", null));
    }

    /** Refuses a PUT, POST, PATCH or DELETE without {@value #CSRF_HEADER}{@code : 1} with 403. */
    public static void csrf(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean mutating = method == HttpMethod.PUT || method == HttpMethod.POST || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE;
        if (mutating && !"1".equals(ctx.request().getHeader(CSRF_HEADER))) {
            DashboardReplies.json(ctx, 403, AdminJson.error("Forbidden", "a " + method + " needs the header "
                    + CSRF_HEADER + ": 1 (the dashboard UI sends it; cross-site requests cannot)", null));
            return;
        }
        ctx.next();
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = authorization.substring(7).trim();
        return value.isEmpty() ? null : value;
    }
}
