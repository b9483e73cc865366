package dev.quiver.runtime.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal process that keeps the function contract (serves $PORT, {@code /health/ready}), packed into a jar by
 * {@link TinyFunctionJar} so the platform tests run real child processes without building a Quarkus app.
 * {@code GET /crash} makes it exit, as a crashing function would; {@code NEVER_READY=true} keeps readiness at 503.
 */
public final class TinyFunction {

    private TinyFunction() {
    }

    /** Serves until killed. */
    public static void main(String[] args) throws IOException {
        boolean neverReady = Boolean.parseBoolean(System.getenv("NEVER_READY"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 50);
        server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(neverReady ? 503 : 200, -1);
            exchange.close();
        });
        server.createContext("/crash", exchange -> Runtime.getRuntime().halt(3));
        server.createContext("/", exchange -> {
            byte[] body = System.getenv("QUIVER_REVISION").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
