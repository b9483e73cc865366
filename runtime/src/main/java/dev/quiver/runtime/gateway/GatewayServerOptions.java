package dev.quiver.runtime.gateway;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's HTTP server without WebSocket compression: the gateway serves no WebSockets (it drops
 * {@code Upgrade}, a hop-by-hop header), and with compression on, Vert.x puts an extension handler in every
 * connection's pipeline that inspects every request.
 */
@ApplicationScoped
public class GatewayServerOptions implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        withoutWebSocketCompression(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        withoutWebSocketCompression(options);
    }

    static HttpServerOptions withoutWebSocketCompression(HttpServerOptions options) {
        return options.setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
    }
}
