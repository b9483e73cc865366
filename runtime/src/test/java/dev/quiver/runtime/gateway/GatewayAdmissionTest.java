package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

/** The gateway's limits: body size, queue length, container concurrency (also across gateway replicas), timeouts. */
class GatewayAdmissionTest extends GatewayFixture {

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
}
