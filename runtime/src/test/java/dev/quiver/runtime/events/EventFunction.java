package dev.quiver.runtime.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP "function" on a loopback port for the trigger tests: it records every CloudEvent it receives and
 * answers as its behaviour says. Stop and start it again (same port) to play a crashed function.
 */
final class EventFunction implements AutoCloseable {

    /** How the function answers one event. */
    @FunctionalInterface
    interface Behaviour {
        /** The HTTP status to answer with. */
        int status(Event event) throws InterruptedException;
    }

    /**
     * One event as the function saw it.
     *
     * @param headers the request headers, lower case, first value
     * @param body    the body as text
     */
    record Event(Map<String, String> headers, String body) {
        String id() {
            return headers.get("ce-id");
        }

        int attempt() {
            return Integer.parseInt(headers.getOrDefault("x-quiver-attempt", "0"));
        }
    }

    static {
        // The JDK server closes idle keep-alive connections beyond 200, which the invoker's pool then finds reset.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "1000");
    }

    final List<Event> received = new CopyOnWriteArrayList<>();
    /** The ids answered with a 2xx. */
    final Set<String> succeeded = ConcurrentHashMap.newKeySet();
    final AtomicInteger inFlight = new AtomicInteger();
    private final Behaviour behaviour;
    private int port;
    private HttpServer server;
    private ExecutorService executor;

    private EventFunction(Behaviour behaviour, int port) {
        this.behaviour = behaviour;
        this.port = port;
    }

    /** Starts a function on a free port. */
    static EventFunction start(Behaviour behaviour) throws IOException {
        EventFunction function = new EventFunction(behaviour, 0);
        function.listen(0);
        return function;
    }

    /** A function that answers 200 and echoes the body. */
    static EventFunction echo() throws IOException {
        return start(event -> 200);
    }

    int port() {
        return port;
    }

    private void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 512);
        executor = Executors.newFixedThreadPool(32);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Event event = new Event(Map.copyOf(headers), body);
            received.add(event);
            int status;
            try {
                status = behaviour.status(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 500;
            }
            if (status >= 200 && status < 300) {
                succeeded.add(event.id());
            }
            byte[] answer = status >= 200 && status < 300 ? body.getBytes(StandardCharsets.UTF_8)
                    : ("{\"error\":\"failed with " + status + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Quiver-Revision", "fn-00001");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** How many events with this id it received. */
    long deliveries(String id) {
        return received.stream().filter(e -> id.equals(e.id())).count();
    }

    /** Stops listening at once (calls in progress are cut), as a crash would. */
    void crash() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        listen(port);
    }

    @Override
    public void close() {
        crash();
    }
}
