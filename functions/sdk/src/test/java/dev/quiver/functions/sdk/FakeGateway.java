package dev.quiver.functions.sdk;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A real HTTP server on loopback standing where the gateway is; it records the headers of the last call. */
public class FakeGateway implements QuarkusTestResourceLifecycleManager {

    private static volatile Map<String, List<String>> lastHeaders = Map.of();
    private static volatile String lastPath;
    private HttpServer server;

    /** The headers of the last request the gateway received, names lower-cased. */
    static Map<String, List<String>> lastHeaders() {
        return lastHeaders;
    }

    /** The path of the last request the gateway received. */
    static String lastPath() {
        return lastPath;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            lastHeaders = headers;
            lastPath = exchange.getRequestURI().getPath();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("quiver.gateway.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
