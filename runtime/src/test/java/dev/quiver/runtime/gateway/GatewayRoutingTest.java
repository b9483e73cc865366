package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

/** Which revision a request reaches (split, header rules, tags) and what reaches the function; JSON 404s. */
class GatewayRoutingTest extends GatewayFixture {

    @Test
    void splitOf90To10Over2000RequestsLandsWithinFiveSigma() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 90).split(V2, 10));
        readyAnswering(V1);
        readyAnswering(V2);
        start(GatewayConfig.defaults());

        int requests = 2000;
        int toV2 = 0;
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = get("/fn/hello", Map.of());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).hasValue(response.body());
            if (response.body().equals(V2)) {
                toV2++;
            }
        }
        // binomial: mean n·p = 200, sigma = sqrt(n·p·(1-p)) ≈ 13.4; 5 sigma fails a correct split once in 1.7 million runs
        double sigma = Math.sqrt(requests * 0.1 * 0.9);
        assertThat((double) toV2).isBetween(200 - 5 * sigma, 200 + 5 * sigma);
    }

    @Test
    void headerRuleReachesFeatureRevisionAndOthersNeverDo() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100).headerRule("x-group", "test", FEATURE));
        readyAnswering(V1);
        readyAnswering(FEATURE);
        start(GatewayConfig.defaults());

        for (int i = 0; i < 100; i++) {
            assertThat(get("/fn/hello", Map.of("x-group", "test")).body()).isEqualTo(FEATURE);
            assertThat(get("/fn/hello", Map.of()).body()).isEqualTo(V1);
            assertThat(get("/fn/hello", Map.of("x-group", "other")).body()).isEqualTo(V1);
        }
    }

    @Test
    void tagInPathAndTagHeaderReachTheTaggedRevision() throws Exception {
        catalog.with(Routes.function("hello").split(V2, 100).tag(V1, "stable"));
        readyAnswering(V1);
        readyAnswering(V2);
        start(GatewayConfig.defaults());

        HttpResponse<String> byPath = get("/fn/hello@stable", Map.of());
        HttpResponse<String> byHeader = get("/fn/hello", Map.of(Gateway.TAG_HEADER, "stable"));

        assertThat(byPath.body()).isEqualTo(V1);
        assertThat(byPath.headers().firstValue(Gateway.REVISION_HEADER)).hasValue(V1);
        assertThat(byHeader.body()).isEqualTo(V1);
        assertThat(get("/fn/hello", Map.of()).body()).isEqualTo(V2);
    }

    @Test
    void headerRuleComesBeforeTag() throws Exception {
        catalog.with(Routes.function("hello").split(V2, 100).tag(V1, "stable").headerRule("x-group", "test", FEATURE));
        readyAnswering(V1);
        readyAnswering(V2);
        readyAnswering(FEATURE);
        start(GatewayConfig.defaults());

        assertThat(get("/fn/hello@stable", Map.of("x-group", "test")).body()).isEqualTo(FEATURE);
    }

    @Test
    void pathQueryAndRoutingHeadersReachTheFunctionWithRevisionContext() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Upstream upstream = readyAnswering(V1);
        start(GatewayConfig.defaults());

        get("/fn/hello/orders/42?verbose=true&x=%20y", Map.of("x-group", "beta", "Cookie", "session=abc"));

        Upstream.Seen seen = upstream.seen.get(0);
        assertThat(seen.uri()).isEqualTo("/orders/42?verbose=true&x=%20y");
        assertThat(seen.headers().get("x-group")).isEqualTo("beta");
        assertThat(seen.headers().get("Cookie")).isEqualTo("session=abc");
        assertThat(seen.headers().get(Gateway.REVISION_HEADER)).isEqualTo(V1);
        assertThat(seen.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }

    @Test
    void requestBodyIsForwarded() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Upstream upstream = readyAnswering(V1);
        start(GatewayConfig.defaults());

        HttpResponse<String> response = send(post("/fn/hello", "{\"name\":\"ada\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.seen.get(0).body()).isEqualTo("{\"name\":\"ada\"}");
    }

    @Test
    void unknownFunctionIs404Json() throws Exception {
        start(GatewayConfig.defaults());

        HttpResponse<String> response = get("/fn/nope", Map.of());

        assertError(response, 404, "FunctionNotFound", "nope", null);
    }

    @Test
    void pathOutsideTheGatewayIs404JsonOnTheMountedRouter() throws Exception {
        gateway = new Gateway(vertx, catalog, platform, GatewayConfig.defaults());
        Router router = Router.router(vertx);
        new GatewayRoutes().mount(router, gateway); // as on the runtime's HTTP server
        server = vertx.createHttpServer().requestHandler(router);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertError(get("/favicon.ico", Map.of()), 404, "NotFound", null, null);
        assertError(get("/fn/nope", Map.of()), 404, "FunctionNotFound", "nope", null);
    }

    @Test
    void unknownTagIs404Json() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100).tag(V1, "stable"));
        readyAnswering(V1);
        start(GatewayConfig.defaults());

        assertError(get("/fn/hello@nightly", Map.of()), 404, "TagNotFound", "hello", null);
        assertError(get("/fn/hello", Map.of(Gateway.TAG_HEADER, "nightly")), 404, "TagNotFound", "hello", null);
    }
}
