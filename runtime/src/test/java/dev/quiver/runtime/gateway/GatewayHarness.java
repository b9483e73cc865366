package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.RevisionRef;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway on a real loopback port over a fake platform and a catalog the test fills, with real upstream
 * replicas and a plain HTTP client: the fixture of tests of what sits in front of the routing.
 */
public final class GatewayHarness implements AutoCloseable {

    public final Vertx vertx = Vertx.vertx();
    public final FakePlatform platform = new FakePlatform();
    public final Routes.Catalog catalog = new Routes.Catalog();
    public final Gateway gateway;
    private final HttpServer server;
    private final List<Upstream> upstreams = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private GatewayHarness(GatewayConfig config) throws Exception {
        gateway = new Gateway(vertx, catalog, platform, config);
        server = vertx.createHttpServer().requestHandler(gateway::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A started gateway with the default limits. */
    public static GatewayHarness start() throws Exception {
        return new GatewayHarness(GatewayConfig.defaults());
    }

    /** A started gateway with these limits. */
    public static GatewayHarness start(GatewayConfig config) throws Exception {
        return new GatewayHarness(config);
    }

    /** The gateway's port. */
    public int port() {
        return server.actualPort();
    }

    /** Makes a replica with this behaviour the only ready one of the revision. */
    public Upstream ready(String revision, Upstream.Behaviour behaviour) throws Exception {
        Upstream upstream = Upstream.start(vertx, behaviour);
        upstreams.add(upstream);
        platform.ready(Routes.ref(revision), upstream.endpoint());
        return upstream;
    }

    /** Makes a replica with this behaviour the only ready one of the revision (of any namespace). */
    public Upstream ready(RevisionRef revision, Upstream.Behaviour behaviour)
            throws Exception {
        Upstream upstream = Upstream.start(vertx, behaviour);
        upstreams.add(upstream);
        platform.ready(revision, upstream.endpoint());
        return upstream;
    }

    /** A request to the gateway. */
    public HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        for (Upstream upstream : upstreams) {
            upstream.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
