package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway over real loopback HTTP: a real upstream server per replica, a fake platform and catalog. */
class GatewayTest {

    private static final String V1 = "hello-00001";
    private static final String V2 = "hello-00002";
    private static final String FEATURE = "hello-00003";

    private Vertx vertx;
    private FakePlatform platform;
    private Routes.Catalog catalog;
    private Gateway gateway;
    private HttpServer server;
    private final List<Upstream> upstreams = new ArrayList<>();
    private final Map<String, Upstream> byAnswer = new HashMap<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
        platform = new FakePlatform();
        catalog = new Routes.Catalog();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

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
    void declaredBodyOverTheLimitIs413JsonBeforeTheHttpServersOwnEmpty413() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Upstream upstream = readyAnswering(V1);
        gateway = new Gateway(vertx, catalog, platform, GatewayConfig.defaults().withMaxBodyBytes(1024));
        Router router = Router.router(vertx);
        // what Quarkus mounts at order -2 for quarkus.http.limits.max-body-size: an empty 413
        router.route().order(-2).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && Long.parseLong(length) > 1024) {
                context.response().setStatusCode(413).putHeader("Connection", "close").end();
            } else {
                context.next();
            }
        });
        new GatewayRoutes().mount(router, gateway);
        server = vertx.createHttpServer().requestHandler(router);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        HttpResponse<String> response = send(post("/fn/hello", "x".repeat(4096)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"error\":\"PayloadTooLarge\"").contains("\"function\":\"hello\"");
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void unknownTagIs404Json() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100).tag(V1, "stable"));
        readyAnswering(V1);
        start(GatewayConfig.defaults());

        assertError(get("/fn/hello@nightly", Map.of()), 404, "TagNotFound", "hello", null);
        assertError(get("/fn/hello", Map.of(Gateway.TAG_HEADER, "nightly")), 404, "TagNotFound", "hello", null);
    }

    @Test
    void bodyOverTheLimitIs413WhetherDeclaredOrStreamed() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Upstream upstream = readyAnswering(V1);
        start(GatewayConfig.defaults().withMaxBodyBytes(1024));
        String big = "x".repeat(4096);

        HttpResponse<String> declared = send(post("/fn/hello", big));
        HttpResponse<String> streamed = send(HttpRequest.newBuilder(uri("/fn/hello"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build());

        assertError(declared, 413, "PayloadTooLarge", "hello", V1);
        assertError(streamed, 413, "PayloadTooLarge", "hello", V1);
        assertThat(upstream.seen).isEmpty();
        assertThat(send(post("/fn/hello", "small")).statusCode()).isEqualTo(200);
    }

    @Test
    void fullQueueIs503WithRetryAfter() throws Exception {
        catalog.with(Routes.function("hello").containerConcurrency(1).split(V1, 100));
        Upstream upstream = Upstream.parking(vertx);
        upstreams.add(upstream);
        platform.ready(Routes.ref(V1), upstream.endpoint());
        start(GatewayConfig.defaults().withQueueLimit(1));

        CompletableFuture<HttpResponse<String>> first = sendAsync(get("/fn/hello"));
        await(() -> upstream.inFlight.get() == 1);
        CompletableFuture<HttpResponse<String>> second = sendAsync(get("/fn/hello"));
        await(() -> gateway.concurrency(Routes.ref(V1)) == 2);

        HttpResponse<String> third = get("/fn/hello", Map.of());

        assertError(third, 503, "Overloaded", "hello", V1);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        upstream.releaseAll("done");
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await(() -> upstream.inFlight.get() == 1);
        upstream.releaseAll("done");
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void concurrencyLimitQueuesRatherThanExceeds() throws Exception {
        catalog.with(Routes.function("hello").containerConcurrency(2).split(V1, 100));
        Upstream upstream = Upstream.parking(vertx);
        upstreams.add(upstream);
        platform.ready(Routes.ref(V1), upstream.endpoint());
        start(GatewayConfig.defaults());

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(sendAsync(get("/fn/hello")));
        }
        await(() -> gateway.concurrency(Routes.ref(V1)) == 6 && upstream.inFlight.get() == 2);
        assertThat(upstream.inFlight.get()).isEqualTo(2);
        while (calls.stream().anyMatch(call -> !call.isDone())) {
            upstream.releaseAll("done");
            Thread.sleep(5);
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        assertThat(upstream.maxInFlight.get()).isEqualTo(2);
        assertThat(upstream.seen).hasSize(6);
    }

    @Test
    void twoGatewayReplicasTogetherKeepContainerConcurrencyPerFunctionReplica() throws Exception {
        catalog.with(Routes.function("hello").containerConcurrency(3).split(V1, 100));
        Upstream first = Upstream.parking(vertx);
        Upstream second = Upstream.parking(vertx);
        upstreams.add(first);
        upstreams.add(second);
        platform.ready(Routes.ref(V1), first.endpoint(), second.endpoint());
        start(GatewayConfig.defaults());
        Gateway other = new Gateway(vertx, catalog, platform, GatewayConfig.defaults());
        HttpServer otherServer = vertx.createHttpServer().requestHandler(other::handle);
        otherServer.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        gateway.gatewayReplicas(2, 0);
        other.gatewayReplicas(2, 1);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(sendAsync(get("/fn/hello")));
                calls.add(sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otherServer.actualPort()
                        + "/fn/hello")).GET().build()));
            }
            await(() -> gateway.concurrency(Routes.ref(V1)) + other.concurrency(Routes.ref(V1)) == 20
                    && first.inFlight.get() + second.inFlight.get() == 6);
            assertThat(first.inFlight.get()).as("in flight to the first function replica").isEqualTo(3);
            assertThat(second.inFlight.get()).as("in flight to the second function replica").isEqualTo(3);
            while (calls.stream().anyMatch(call -> !call.isDone())) {
                first.releaseAll("done");
                second.releaseAll("done");
                Thread.sleep(5);
            }

            assertThat(calls).allSatisfy(call -> assertThat(call.get().statusCode()).isEqualTo(200));
            assertThat(first.maxInFlight.get()).as("cc 3, however the two gateways' requests mix").isEqualTo(3);
            assertThat(second.maxInFlight.get()).isEqualTo(3);
        } finally {
            other.close();
        }
    }

    @Test
    void slowFunctionIs504() throws Exception {
        catalog.with(Routes.function("hello").timeout(Duration.ofMillis(200)).split(V1, 100));
        Upstream upstream = Upstream.silent(vertx);
        upstreams.add(upstream);
        platform.ready(Routes.ref(V1), upstream.endpoint());
        start(GatewayConfig.defaults());

        assertError(get("/fn/hello", Map.of()), 504, "Timeout", "hello", V1);
    }

    @Test
    void deadReplicaIs502() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        platform.ready(Routes.ref(V1), Upstream.dead());
        start(GatewayConfig.defaults());

        assertError(get("/fn/hello", Map.of()), 502, "FunctionUnreachable", "hello", V1);
    }

    @Test
    void unreachableReplicaIs502NamingTheRevisionButNotItsAddressOrTheException() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Endpoint dead = Upstream.dead();
        platform.ready(Routes.ref(V1), dead);
        start(GatewayConfig.defaults());

        HttpResponse<String> response = get("/fn/hello", Map.of());

        assertError(response, 502, "FunctionUnreachable", "hello", V1);
        assertThat(response.body()).contains(V1).contains("hello")
                .doesNotContain("127.0.0.1").doesNotContain(Integer.toString(dead.port()))
                .doesNotContain("Exception").doesNotContain("refused");
    }

    @Test
    void aCallerCannotSendTheHeadersOfTheRuntimesOwnEvents() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Upstream upstream = readyAnswering(V1);
        start(GatewayConfig.defaults());
        Map<String, String> posing = Map.of("ce-specversion", "1.0", "ce-id", "forged", "ce-source", "/evil",
                "ce-type", "payment.settled", "X-Quiver-Invocation-Id", "forged-id", "X-Quiver-Attempt", "1",
                "x-group", "beta");

        get("/fn/hello", posing);
        Map<String, String> internal = new HashMap<>(posing);
        internal.put(InternalKey.HEADER, InternalKey.value());
        get("/fn/hello", internal);

        Upstream.Seen fromCaller = upstream.seen.get(0);
        assertThat(fromCaller.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("ce-"));
        assertThat(fromCaller.headers().get("X-Quiver-Invocation-Id")).isNull();
        assertThat(fromCaller.headers().get("X-Quiver-Attempt")).isNull();
        assertThat(fromCaller.headers().get("x-group")).isEqualTo("beta"); // other headers still pass
        Upstream.Seen fromRuntime = upstream.seen.get(1);
        assertThat(fromRuntime.headers().get("ce-id")).isEqualTo("forged");
        assertThat(fromRuntime.headers().get("ce-type")).isEqualTo("payment.settled");
        assertThat(fromRuntime.headers().get("X-Quiver-Invocation-Id")).isEqualTo("forged-id");
    }

    @Test
    void aCallersEventHeadersAreDroppedBeforeAnAsynchronousRequestIsStored() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        start(GatewayConfig.defaults());
        List<MultiMap> stored = new CopyOnWriteArrayList<>();
        gateway.asyncInvocations(new AsyncInvocations() {
            @Override
            public void submit(HttpServerRequest request,
                    FunctionRoutes routes, String uri, BodyBudget bodies) {
                stored.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
                request.response().setStatusCode(202).end();
            }

            @Override
            public void status(HttpServerRequest request, String id, Gateway gateway) {
                request.response().setStatusCode(404).end();
            }
        });

        get("/fn/hello", Map.of(Gateway.ASYNC_HEADER, "true", "ce-id", "forged", "X-Quiver-Invocation-Id", "forged-id",
                "x-group", "beta"));

        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("ce-id")).isNull();
        assertThat(stored.get(0).get("X-Quiver-Invocation-Id")).isNull();
        assertThat(stored.get(0).get("x-group")).isEqualTo("beta");
    }

    @Test
    void functionThatCrashesMidRequestIs502() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Upstream upstream = Upstream.crashing(vertx);
        upstreams.add(upstream);
        platform.ready(Routes.ref(V1), upstream.endpoint());
        start(GatewayConfig.defaults());

        assertError(send(post("/fn/hello", "{}")), 502, "FunctionUnreachable", "hello", V1);
        assertThat(upstream.seen).hasSize(1); // a POST that reached the function is not sent twice
    }

    @Test
    void refusedConnectionIsRetriedOnAnotherReplica() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        Upstream live = Upstream.answering(vertx, V1);
        upstreams.add(live);
        platform.ready(Routes.ref(V1), Upstream.dead(), live.endpoint());
        start(GatewayConfig.defaults());

        for (int i = 0; i < 20; i++) {
            assertThat(send(post("/fn/hello", "{}")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void activatorHoldsRequestWhileAtZeroWakesAtOnceAndServesWhenReady() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        RevisionRef v1 = Routes.ref(V1);
        start(GatewayConfig.defaults());

        CompletableFuture<HttpResponse<String>> held = sendAsync(get("/fn/hello"));
        await(() -> !platform.wakes.isEmpty());

        assertThat(platform.wakes).containsExactly(v1);
        assertThat(held).isNotDone();
        assertThat(gateway.concurrency(v1)).isEqualTo(1);
        Upstream upstream = Upstream.answering(vertx, V1);
        upstreams.add(upstream);
        platform.ready(v1, upstream.endpoint());

        HttpResponse<String> response = held.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(V1);
        assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).hasValue(V1);
        Scrape scrape = Scrape.of(get("/metrics", Map.of()).body());
        assertThat(scrape.value("quiver_cold_starts_total", "namespace", "default", "function", "hello", "revision", V1))
                .hasValue(1.0);
        assertThat(scrape.value("quiver_cold_start_seconds_count", "namespace", "default", "function", "hello",
                "revision", V1)).hasValue(1.0);
        assertThat(scrape.value("quiver_cold_start_seconds_bucket", "revision", V1, "le", "+Inf")).hasValue(1.0);
    }

    @Test
    void heldRequestIs503WhenNoReplicaComesInTime() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        start(GatewayConfig.defaults().withColdStartTimeout(Duration.ofMillis(200)));

        HttpResponse<String> response = get("/fn/hello", Map.of());

        assertError(response, 503, "ColdStartTimeout", "hello", V1);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(platform.wakes).containsExactly(Routes.ref(V1));
    }

    @Test
    void functionWithoutServingRevisionIs503() throws Exception {
        catalog.with(Routes.function("hello").tag(V1, "stable"));
        start(GatewayConfig.defaults());

        assertError(get("/fn/hello", Map.of()), 503, "NoReadyRevision", "hello", null);
    }

    @Test
    void metricsCountRepliesByFunctionRevisionAndCode() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        readyAnswering(V1);
        start(GatewayConfig.defaults());
        get("/fn/hello", Map.of());
        get("/fn/hello", Map.of());
        get("/fn/ghost", Map.of());

        HttpResponse<String> metrics = get("/metrics", Map.of());

        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        Scrape scrape = Scrape.of(metrics.body());
        String[] hello = {"namespace", "default", "function", "hello", "revision", V1};
        assertThat(scrape.value("quiver_requests_total", with(hello, "code", "200"))).hasValue(2.0);
        assertThat(scrape.value("quiver_requests_total", "namespace", "", "function", "", "revision", "", "code", "404"))
                .hasValue(1.0);
        assertThat(scrape.value("quiver_request_duration_seconds_count", hello)).hasValue(2.0);
        assertThat(scrape.value("quiver_request_duration_seconds_bucket", with(hello, "le", "+Inf"))).hasValue(2.0);
        assertThat(scrape.value("quiver_requests_in_flight", hello)).hasValue(0.0);
        assertThat(scrape.value("quiver_queue_depth", hello)).hasValue(0.0);
        assertThat(scrape.value("quiver_ready_replicas", hello)).hasValue(1.0);
        assertThat(metrics.body()).doesNotContain("ghost");
    }

    @Test
    void aRevisionsMetersGoWhenItHasLeftTheRoutesAndItsLastReplicaIsGone() throws Exception {
        catalog.with(Routes.function("hello").split(V1, 100));
        readyAnswering(V1);
        start(GatewayConfig.defaults());
        assertThat(get("/fn/hello", Map.of()).statusCode()).isEqualTo(200);
        assertThat(Scrape.of(get("/metrics", Map.of()).body()).value("quiver_ready_replicas", "revision", V1))
                .hasValue(1.0);

        catalog.with(Routes.function("hello").split(V2, 100));
        platform.ready(Routes.ref(V1));

        Scrape scrape = Scrape.of(get("/metrics", Map.of()).body());
        assertThat(scrape.samples()).noneMatch(sample -> V1.equals(sample.labels().get("revision")));
    }

    @Test
    void shortFormReachesTheDefaultNamespacesFunctionAndQualifiedFormTheNamedNamespaces() throws Exception {
        twoNamespacesWithPayments();
        start(GatewayConfig.defaults());

        assertThat(get("/fn/payments", Map.of()).body()).isEqualTo("production");
        assertThat(get("/fn/quiver-dev/payments", Map.of()).body()).isEqualTo("development");
        assertThat(get("/fn/default/payments", Map.of()).body()).isEqualTo("production");
        assertThat(get("/fn/quiver-dev/payments@live", Map.of()).body()).isEqualTo("development");
        HttpResponse<String> deep = get("/fn/quiver-dev/payments/refunds/7?x=1", Map.of());
        assertThat(deep.body()).isEqualTo("development");
        assertThat(upstreamOf("development").seen.get(upstreamOf("development").seen.size() - 1).uri())
                .isEqualTo("/refunds/7?x=1");
    }

    @Test
    void credentialsSentToTheShortFormNeverReachAnotherNamespacesFunctionOfTheSameName() throws Exception {
        twoNamespacesWithPayments();
        start(GatewayConfig.defaults());

        for (int i = 0; i < 20; i++) {
            assertThat(get("/fn/payments", Map.of("Authorization", "Bearer production-secret")).body())
                    .isEqualTo("production");
        }

        assertThat(upstreamOf("development").seen).isEmpty();
        assertThat(upstreamOf("production").seen).hasSize(20)
                .allSatisfy(seen -> assertThat(seen.headers().get("Authorization")).isEqualTo("Bearer production-secret"));
    }

    @Test
    void aFunctionOnlyInAnotherNamespaceIsNotReachedByTheShortForm() throws Exception {
        catalog.with(Routes.function("payments").in("quiver-dev").split(PAYMENTS, 100));
        readyAnswering(Routes.ref("quiver-dev", PAYMENTS), "development");
        start(GatewayConfig.defaults());

        assertError(get("/fn/payments", Map.of()), 404, "FunctionNotFound", "payments", null);
        assertError(get("/fn/nowhere/payments", Map.of()), 404, "FunctionNotFound", "nowhere", null);
        assertThat(get("/fn/quiver-dev/payments", Map.of()).body()).isEqualTo("development");
    }

    @Test
    void aDefaultNamespaceFunctionNamedLikeANamespaceShadowsItsQualifiedUrls() throws Exception {
        catalog.with(Routes.function("quiver-dev").split("quiver-dev-00001", 100));
        catalog.with(Routes.function("payments").in("quiver-dev").split(PAYMENTS, 100));
        Upstream shadowing = readyAnswering(Routes.ref("quiver-dev-00001"), "shadowing");
        readyAnswering(Routes.ref("quiver-dev", PAYMENTS), "development");
        start(GatewayConfig.defaults());

        assertThat(get("/fn/quiver-dev/payments", Map.of()).body()).isEqualTo("shadowing");
        assertThat(shadowing.seen.get(0).uri()).isEqualTo("/payments");
    }

    @Test
    void anEventOfATriggerInAnotherNamespaceReachesThatNamespacesFunction() throws Exception {
        twoNamespacesWithPayments();
        catalog.with(Routes.function("quiver-dev").split("quiver-dev-00001", 100)); // shadows /fn/quiver-dev/...
        readyAnswering(Routes.ref("quiver-dev-00001"), "shadowing");
        start(GatewayConfig.defaults());
        try (GatewayInvoker invoker = new GatewayInvoker(vertx, "127.0.0.1", server.actualPort())) {
            InvocationResult result = invoker.invoke(new Invocation("quiver-dev", "payments", "event-1", "nats://pay",
                    "dev.quiver.nats.message", "pay", Instant.now(), "application/json", "{}".getBytes(),
                    Map.of(), Duration.ofSeconds(10))).toCompletableFuture().get(20, TimeUnit.SECONDS);

            assertThat(new String(result.body())).isEqualTo("development");
            assertThat(upstreamOf("production").seen).isEmpty();
            assertThat(upstreamOf("shadowing").seen).isEmpty();
        }
    }

    @Test
    void onlyTheRuntimesOwnCallsMayNameTheNamespaceByHeader() throws Exception {
        twoNamespacesWithPayments();
        start(GatewayConfig.defaults());

        assertThat(get("/fn/payments", Map.of(GatewayInvoker.NAMESPACE_HEADER, "quiver-dev")).body())
                .isEqualTo("production");
        assertThat(get("/fn/payments", Map.of(GatewayInvoker.NAMESPACE_HEADER, "quiver-dev",
                InternalKey.HEADER, InternalKey.value())).body()).isEqualTo("development");
    }

    // --- harness ---

    private static final String PAYMENTS = "payments-00001";

    /** {@code payments} in the default namespace (answers "production") and in quiver-dev ("development"). */
    private void twoNamespacesWithPayments() throws Exception {
        catalog.with(Routes.function("payments").split(PAYMENTS, 100));
        catalog.with(Routes.function("payments").in("quiver-dev").split(PAYMENTS, 100).tag(PAYMENTS, "live"));
        readyAnswering(Routes.ref(PAYMENTS), "production");
        readyAnswering(Routes.ref("quiver-dev", PAYMENTS), "development");
    }

    private Upstream readyAnswering(RevisionRef ref, String answer) throws Exception {
        Upstream upstream = Upstream.answering(vertx, answer);
        upstreams.add(upstream);
        byAnswer.put(answer, upstream);
        platform.ready(ref, upstream.endpoint());
        return upstream;
    }

    private Upstream upstreamOf(String answer) {
        return byAnswer.get(answer);
    }


    private Upstream readyAnswering(String revision) throws Exception {
        Upstream upstream = Upstream.answering(vertx, revision);
        upstreams.add(upstream);
        platform.ready(Routes.ref(revision), upstream.endpoint());
        return upstream;
    }

    private void start(GatewayConfig config) throws Exception {
        gateway = new Gateway(vertx, catalog, platform, config);
        server = vertx.createHttpServer().requestHandler(gateway::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a condition that the system must reach; fails after 10 s rather than hanging. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in 10 s").isLessThan(giveUp);
            Thread.sleep(2);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String error, String function,
            String revision) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        String json = response.body();
        assertThat(json).contains("\"error\":\"" + error + "\"")
                .contains("\"function\":" + (function == null ? "null" : "\"" + function + "\""))
                .contains("\"revision\":" + (revision == null ? "null" : "\"" + revision + "\""))
                .containsPattern("\"message\":\"[^\"]+\"");
        if (revision == null) {
            assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).isEmpty();
        } else {
            assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).hasValue(revision);
        }
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}
