package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.StickySplit;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sticky split through the gateway over real loopback HTTP: the cookie or header keeps each user on one revision,
 * a user without the cookie gets one with the reply, and tags and match rules still come first.
 */
class GatewayStickyTest {

    private static final String V1 = "hello-00001";
    private static final String V2 = "hello-00002";
    private static final String FEATURE = "hello-00003";
    private static final String COOKIE = "quiver-split";

    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void eachOfAThousandCookiesStaysOnOneRevisionOverTenRequestsAndTheSplitFollowsTheWeights() throws Exception {
        start(Routes.function("hello").sticky(StickySplit.byCookie(COOKIE)).split(V1, 50).split(V2, 50));

        Map<String, Integer> users = new HashMap<>();
        for (int user = 0; user < 1000; user++) {
            Map<String, String> headers = Map.of("Cookie", COOKIE + "=user-" + user);
            String first = revision(get("/fn/hello", headers));
            for (int i = 1; i < 10; i++) {
                HttpResponse<String> response = get("/fn/hello", headers);
                assertThat(revision(response)).as("user-%d, request %d", user, i).isEqualTo(first);
                assertThat(response.headers().allValues("Set-Cookie")).as("a user with the cookie keeps it").isEmpty();
            }
            users.merge(first, 1, Integer::sum);
        }

        // binomial over 1,000 users: sigma ≈ 15.8; 5 sigma
        assertThat(users.get(V2)).as("users per revision %s", users).isBetween(421, 579);
    }

    @Test
    void aFirstRequestWithoutTheCookieGetsOneThatKeepsItsNextRequestsOnTheSameRevision() throws Exception {
        start(Routes.function("hello").sticky(StickySplit.byCookie(COOKIE)).split(V1, 50).split(V2, 50));

        Map<String, Integer> firstRevisions = new HashMap<>();
        for (int user = 0; user < 100; user++) {
            HttpResponse<String> first = get("/fn/hello/greet", Map.of());
            List<String> setCookies = first.headers().allValues("Set-Cookie");
            assertThat(setCookies).hasSize(1);
            assertThat(setCookies.get(0)).containsIgnoringCase("; SameSite=Lax");
            HttpCookie cookie = HttpCookie.parse(setCookies.get(0)).get(0);
            assertThat(cookie.getName()).isEqualTo(COOKIE);
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getPath()).isEqualTo("/fn/hello");
            assertThat(cookie.getSecure()).as("plain HTTP").isFalse();
            assertThat(cookie.getValue()).matches("[0-9a-f]{32}");
            for (int i = 0; i < 5; i++) {
                assertThat(revision(get("/fn/hello", Map.of("Cookie", COOKIE + "=" + cookie.getValue()))))
                        .as("request %d with the cookie the first reply set", i).isEqualTo(revision(first));
            }
            firstRevisions.merge(revision(first), 1, Integer::sum);
        }
        assertThat(firstRevisions).as("users without a cookie are placed by weight").containsOnlyKeys(V1, V2);
    }

    @Test
    void theCookieIsScopedToTheQualifiedPathAndSecureBehindHttps() throws Exception {
        start(Routes.function("hello").sticky(StickySplit.byCookie(COOKIE)).split(V1, 50).split(V2, 50));

        HttpResponse<String> response = get("/fn/default/hello", Map.of("X-Forwarded-Proto", "https"));

        HttpCookie cookie = HttpCookie.parse(response.headers().firstValue("Set-Cookie").orElseThrow()).get(0);
        assertThat(cookie.getPath()).isEqualTo("/fn/default/hello");
        assertThat(cookie.getSecure()).as("behind a proxy that took HTTPS").isTrue();
    }

    @Test
    void aStickyHeaderKeepsItsCallerOnOneRevisionAndSetsNoCookie() throws Exception {
        start(Routes.function("hello").sticky(StickySplit.byHeader("X-User-Id")).split(V1, 50).split(V2, 50));

        Map<String, Integer> users = new HashMap<>();
        for (int user = 0; user < 200; user++) {
            Map<String, String> headers = Map.of("x-user-id", "caller-" + user);
            String first = revision(get("/fn/hello", headers));
            for (int i = 1; i < 5; i++) {
                assertThat(revision(get("/fn/hello", headers))).as("caller-%d, request %d", user, i).isEqualTo(first);
            }
            users.merge(first, 1, Integer::sum);
        }
        assertThat(users).containsOnlyKeys(V1, V2);
        assertThat(get("/fn/hello", Map.of()).headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void tagsAndMatchRulesStillComeBeforeTheStickyCookie() throws Exception {
        start(Routes.function("hello").sticky(StickySplit.byCookie(COOKIE)).split(V1, 50).split(V2, 50)
                .tag(V1, "stable").headerRule("x-group", "test", FEATURE));

        for (int user = 0; user < 50; user++) {
            String cookie = COOKIE + "=user-" + user;
            HttpResponse<String> tagged = get("/fn/hello@stable", Map.of("Cookie", cookie));
            assertThat(revision(tagged)).isEqualTo(V1);
            assertThat(revision(get("/fn/hello", Map.of("Cookie", cookie, "x-group", "test")))).isEqualTo(FEATURE);
        }
        assertThat(get("/fn/hello@stable", Map.of()).headers().allValues("Set-Cookie"))
                .as("a tag route is no split: no cookie").isEmpty();
    }

    private void start(Routes routes) throws Exception {
        harness = GatewayHarness.start();
        harness.catalog.with(routes);
        for (String revision : List.of(V1, V2, FEATURE)) {
            harness.ready(revision, (upstream, request) -> request.response().end(revision));
        }
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpResponse<String> response = harness.send("GET", path, headers, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static String revision(HttpResponse<String> response) {
        assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).hasValue(response.body());
        return response.body();
    }
}
