package dev.quiver.cli.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the runtime on loopback: the admin API ({@code /v1/functions…}) serving canned API objects, and
 * a gateway ({@code /fn/…}) that echoes what it received. It records the requests so tests can check what the
 * CLI sent; a canned error answers the next traffic PUT when one is set. Trigger and Job status are served only
 * for functions given one (otherwise the route answers 404, as a runtime without it does); asynchronous calls are
 * accepted only once {@link #acceptAsync} has scripted what their status reports.
 */
public final class FakeQuiver implements AutoCloseable {

    /** A request as the fake received it. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private final HttpServer server;
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final Map<String, List<FunctionRevision>> revisions = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> triggers = new ConcurrentHashMap<>();
    private final Map<String, String> jobs = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> invocations = new ConcurrentHashMap<>();
    private volatile List<String> asyncScript;
    private volatile int trafficErrorStatus;
    private volatile String trafficErrorBody;
    private volatile String logsText;
    private volatile String adminToken;
    private volatile int rolloutStatus;
    private volatile String rolloutBody;

    private FakeQuiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a fake on a free loopback port. */
    public static FakeQuiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeQuiver fake = new FakeQuiver(server);
        server.createContext("/v1/functions", fake::admin);
        server.createContext("/fn/", fake::gateway);
        server.createContext("/invocations/", fake::invocation);
        server.start();
        return fake;
    }

    /** The base URL of both APIs. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves a function and its revisions. */
    public FakeQuiver with(Function function, FunctionRevision... functionRevisions) {
        functions.put(function.getMetadata().getName(), function);
        revisions.put(function.getMetadata().getName(), new ArrayList<>(List.of(functionRevisions)));
        return this;
    }

    /** Serves this JSON at {@code /v1/functions/<name>/triggers}. */
    public FakeQuiver withTriggers(String name, String json) {
        triggers.put(name, json);
        return this;
    }

    /** Serves this JSON at {@code /v1/functions/<name>/jobs}. */
    public FakeQuiver withJobs(String name, String json) {
        jobs.put(name, json);
        return this;
    }

    /**
     * Accepts calls with {@code Prefer: respond-async} (202, invocation {@code inv-1}, {@code inv-2}…); successive
     * reads of an invocation's status answer these bodies in order, the last one repeating.
     */
    public FakeQuiver acceptAsync(String... statusBodies) {
        asyncScript = List.of(statusBodies);
        return this;
    }

    /** Makes the admin API answer 401, as the runtime does, unless a request carries this token. */
    public FakeQuiver requireToken(String token) {
        adminToken = token;
        return this;
    }

    /** Answers log requests with this text instead of one line naming the query. */
    public void answerLogs(String text) {
        logsText = text;
    }

    /** Answers the next traffic PUTs with this status and JSON body. */
    public void rejectTraffic(int status, String body) {
        trafficErrorStatus = status;
        trafficErrorBody = body;
    }

    /**
     * Answers rollout POSTs ({@code /v1/functions/NAME/rollout}) of a known function with this status and body; until
     * called, the route answers 404 as a runtime without it does.
     */
    public void answerRollout(int status, String body) {
        rolloutStatus = status;
        rolloutBody = body;
    }

    /** Every request received, in order. */
    public List<Received> received() {
        return received;
    }

    /** The body of the last request with the given method. */
    public String lastBody(String method) {
        return received.stream().filter(r -> r.method().equals(method)).reduce((a, b) -> b)
                .map(Received::body).orElseThrow();
    }

    private void admin(HttpExchange exchange) throws IOException {
        String body = record(exchange);
        String token = adminToken;
        if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"error\":\"AdminTokenRequired\",\"message\":\"the admin API needs its token\"}",
                    Map.of());
            return;
        }
        String[] parts = exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
        // parts: "", "v1", "functions", name?, sub?
        if (parts.length == 3) {
            respond(exchange, 200, ApiJson.toJson(Map.of("items", List.copyOf(functions.values()))), Map.of());
            return;
        }
        Function function = functions.get(parts[3]);
        if (function == null) {
            respond(exchange, 404, "{\"error\":\"NotFound\",\"message\":\"function " + parts[3] + " not found\"}", Map.of());
            return;
        }
        String sub = parts.length > 4 ? parts[4] : "";
        switch (sub) {
            case "" -> respond(exchange, 200, ApiJson.toJson(function), Map.of());
            case "revisions" -> respond(exchange, 200,
                    ApiJson.toJson(Map.of("items", revisions.get(parts[3]))), Map.of());
            case "triggers" -> optional(exchange, triggers.get(parts[3]));
            case "jobs" -> optional(exchange, jobs.get(parts[3]));
            case "rollout" -> {
                if (rolloutBody == null) {
                    respond(exchange, 404, "{\"error\":\"NotFound\",\"message\":\"no such endpoint: POST "
                            + exchange.getRequestURI().getPath() + "\"}", Map.of());
                } else {
                    respond(exchange, rolloutStatus, rolloutBody, Map.of());
                }
            }
            case "logs" -> respond(exchange, 200,
                    logsText != null ? logsText : "log of " + exchange.getRequestURI().getQuery() + "\n", Map.of());
            case "traffic" -> {
                if (trafficErrorBody != null) {
                    respond(exchange, trafficErrorStatus, trafficErrorBody, Map.of());
                    return;
                }
                Function updated = ApiJson.copy(function, Function.class);
                updated.getSpec().traffic = List.of(ApiJson.json().readValue(body, TrafficTarget[].class));
                updated.getStatus().traffic = updated.getSpec().traffic;
                functions.put(parts[3], updated);
                respond(exchange, 200, ApiJson.toJson(updated), Map.of());
            }
            default -> respond(exchange, 404, "{\"error\":\"NotFound\",\"message\":\"no such path\"}", Map.of());
        }
    }

    private void gateway(HttpExchange exchange) throws IOException {
        String body = record(exchange);
        String[] segments = exchange.getRequestURI().getPath().substring("/fn/".length()).split("/");
        String name = segments[0].split("@")[0];
        if (!functions.containsKey(name) && segments.length > 1) {
            name = segments[1].split("@")[0]; // /fn/NAMESPACE/NAME, as the gateway reads it
        }
        if (!functions.containsKey(name)) {
            respond(exchange, 404, "{\"error\":\"NotFound\",\"message\":\"no function " + name + "\",\"function\":\""
                    + name + "\"}", Map.of());
            return;
        }
        List<String> script = asyncScript;
        if (script != null && "respond-async".equals(exchange.getRequestHeaders().getFirst("Prefer"))) {
            String id = "inv-" + (invocations.size() + 1);
            invocations.put(id, new ArrayDeque<>(script));
            respond(exchange, 202, "{\"id\":\"" + id + "\",\"status\":\"queued\",\"location\":\"/invocations/" + id
                    + "\"}", Map.of("Location", "/invocations/" + id));
            return;
        }
        String revision = functions.get(name).getStatus().latestReadyRevisionName;
        respond(exchange, 200, "{\"echo\":" + (body.isEmpty() ? "null" : body) + ",\"method\":\""
                + exchange.getRequestMethod() + "\"}", Map.of("X-Quiver-Revision", revision));
    }

    private void invocation(HttpExchange exchange) throws IOException {
        record(exchange);
        Deque<String> states = invocations.get(exchange.getRequestURI().getPath().substring("/invocations/".length()));
        if (states == null) {
            respond(exchange, 404, "{\"error\":\"NotFound\",\"message\":\"no such invocation\"}", Map.of());
            return;
        }
        respond(exchange, 200, states.size() > 1 ? states.poll() : states.peek(), Map.of());
    }

    /** Like the runtime without the route: a JSON 404 that names no function. */
    private static void optional(HttpExchange exchange, String body) throws IOException {
        if (body == null) {
            respond(exchange, 404, "{\"error\":\"NotFound\",\"message\":\"no such endpoint: GET "
                    + exchange.getRequestURI().getPath() + "\"}", Map.of());
        } else {
            respond(exchange, 200, body, Map.of());
        }
    }

    private String record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        return body;
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
