package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.Endpoint;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real function replica stand-in: a Vert.x HTTP server on loopback with a chosen behaviour. */
public final class Upstream {

    /** What one request looked like when it arrived. */
    public record Seen(String uri, MultiMap headers, String body) {
    }

    private final HttpServer server;
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<HttpServerRequest> parked = new CopyOnWriteArrayList<>();

    private Upstream(HttpServer server) {
        this.server = server;
    }

    /** Answers 200 with its name as the body. */
    public static Upstream answering(Vertx vertx, String name) throws Exception {
        return start(vertx, (upstream, request) -> request.response().end(name));
    }

    /** Reads each request and never answers (a hung function). */
    static Upstream silent(Vertx vertx) throws Exception {
        return start(vertx, (upstream, request) -> { });
    }

    /** Closes the connection of each request unanswered (a function that crashes). */
    static Upstream crashing(Vertx vertx) throws Exception {
        return start(vertx, (upstream, request) -> request.connection().close());
    }

    /** Holds each request until {@link #releaseAll} answers them with the name. */
    static Upstream parking(Vertx vertx) throws Exception {
        return start(vertx, (upstream, request) -> upstream.parked.add(request));
    }

    /** Answers every parked request. */
    void releaseAll(String body) {
        for (HttpServerRequest request : parked) {
            parked.remove(request);
            inFlight.decrementAndGet();
            request.response().end(body);
        }
    }

    public interface Behaviour {
        void serve(Upstream upstream, HttpServerRequest request);
    }

    /** A replica with its own behaviour. */
    public static Upstream start(Vertx vertx, Behaviour behaviour) throws Exception {
        Upstream[] self = new Upstream[1];
        Handler<HttpServerRequest> handler = request -> request.body().onSuccess(body -> {
            self[0].seen.add(new Seen(request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.toString()));
            int now = self[0].inFlight.incrementAndGet();
            self[0].maxInFlight.accumulateAndGet(now, Math::max);
            behaviour.serve(self[0], request);
            if (!self[0].parked.contains(request) && request.response().ended()) {
                self[0].inFlight.decrementAndGet();
            }
        });
        HttpServer server = vertx.createHttpServer().requestHandler(handler);
        self[0] = new Upstream(server);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return self[0];
    }

    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", server.actualPort());
    }

    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** An endpoint where nothing listens: a port that was just bound and closed. */
    public static Endpoint dead() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Endpoint("127.0.0.1", socket.getLocalPort());
        }
    }
}
