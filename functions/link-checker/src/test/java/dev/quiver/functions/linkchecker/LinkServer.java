package dev.quiver.functions.linkchecker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real links to check: an HTTP server on loopback whose paths answer with fixed statuses, recording the
 * method of every request it gets.
 */
final class LinkServer implements AutoCloseable {

    final List<String> methods = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    LinkServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/ok", 200);
        answer("/gone", 404);
        answer("/broken", 500);
        server.createContext("/moved", exchange -> {
            methods.add(exchange.getRequestMethod());
            exchange.getResponseHeaders().add("Location", url("/ok"));
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.start();
    }

    private void answer(String path, int status) {
        server.createContext(path, exchange -> {
            methods.add(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    /** The full URL of a path on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
