package dev.quiver.runtime.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A minimal process that keeps the function contract (serves $PORT, {@code /health/ready}), packed into a jar by
 * {@link TinyFunctionJar} so the platform tests run real child processes without building a Quarkus app.
 * {@code GET /crash} makes it exit, as a crashing function would; {@code NEVER_READY=true} keeps readiness at 503;
 * {@code GET /sick} makes {@code /health/live} answer 503 from then on; {@code GET /unready} and {@code GET /ready}
 * turn readiness off and on; {@code EXIT_AT_START=<code>} makes it print a
 * line and exit before it serves.
 */
public final class TinyFunction {

    private TinyFunction() {
    }

    /** Serves until killed. */
    public static void main(String[] args) throws IOException {
        System.out.println("tiny function starting on port " + System.getenv("PORT"));
        if (System.getenv("EXIT_AT_START") != null) {
            System.out.println("cannot start: told to exit");
            System.exit(Integer.parseInt(System.getenv("EXIT_AT_START")));
        }
        boolean neverReady = Boolean.parseBoolean(System.getenv("NEVER_READY"));
        AtomicBoolean sick = new AtomicBoolean();
        AtomicBoolean unready = new AtomicBoolean(neverReady);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 50);
        server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(unready.get() ? 503 : 200, -1);
            exchange.close();
        });
        server.createContext("/health/live", exchange -> {
            exchange.sendResponseHeaders(sick.get() ? 503 : 200, -1);
            exchange.close();
        });
        server.createContext("/unready", exchange -> {
            unready.set(true);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/ready", exchange -> {
            unready.set(false);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/sick", exchange -> {
            sick.set(true);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/crash", exchange -> Runtime.getRuntime().halt(3));
        server.createContext("/", exchange -> {
            System.out.println("request " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = System.getenv("QUIVER_REVISION").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
