package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.platform.Endpoint;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replicas that die, refuse or crash: 502 without leaking addresses, retried on another replica when it is safe. */
class GatewayReplicaFailureTest extends GatewayFixture {

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
}
