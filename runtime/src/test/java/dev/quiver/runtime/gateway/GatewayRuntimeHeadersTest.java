package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.routing.FunctionRoutes;
import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.Test;

/** The runtime's own headers: a caller cannot pose as the runtime's events, whether called at once or asynchronously. */
class GatewayRuntimeHeadersTest extends GatewayFixture {

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
}
