package dev.quiver.runtime.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Invokes a function for the dashboard through this runtime's own gateway over loopback, so the call is routed,
 * admitted, counted and logged like any other: {@code POST /fn/<name>} (or {@code /fn/<namespace>/<name>}) with the
 * body and its Content-Type, nothing else of the dashboard's request (not its token). Non-blocking.
 */
final class LoopbackInvoker implements AutoCloseable {

    /** The most of a reply's body the dashboard shows; the rest is read and dropped. */
    static final int MAX_SHOWN_BYTES = 1024 * 1024;

    private final HttpClient client;
    private final int gatewayPort;
    private final long timeoutMillis;

    /**
     * An invoker of the gateway on 127.0.0.1.
     *
     * @param timeoutMillis the longest a call may take, its answer included
     */
    LoopbackInvoker(Vertx vertx, int gatewayPort, long timeoutMillis) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        this.gatewayPort = gatewayPort;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Calls the function and describes its answer: {@code {status, headers, body, revision, millis}} (and
     * {@code truncated: true} when the body was longer than {@link #MAX_SHOWN_BYTES}).
     *
     * @param namespace   null for the default namespace (the short URL)
     * @param path        the function's own path after its name ({@code /greet}), or null
     * @param contentType the body's type, or null
     */
    Future<ObjectNode> invoke(String namespace, String name, String path, String contentType, Buffer body) {
        String uri = "/fn/" + (namespace == null ? "" : encode(namespace) + "/") + encode(name)
                + (path == null ? "" : path);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(gatewayPort).setURI(uri).setTimeout(timeoutMillis);
        long started = System.nanoTime();
        return client.request(options).compose(request -> {
            if (contentType != null) {
                request.putHeader("Content-Type", contentType);
            }
            return request.send(body == null ? Buffer.buffer() : body);
        }).compose(response -> {
            Buffer shown = Buffer.buffer();
            boolean[] truncated = {false};
            response.handler(chunk -> {
                int room = MAX_SHOWN_BYTES - shown.length();
                if (room >= chunk.length()) {
                    shown.appendBuffer(chunk);
                } else {
                    if (room > 0) {
                        shown.appendBuffer(chunk.slice(0, room));
                    }
                    truncated[0] = true;
                }
            });
            return response.end().map(done -> {
                ObjectNode answer = ApiJson.json().createObjectNode();
                answer.put("status", response.statusCode());
                TreeMap<String, String> headers = new TreeMap<>();
                response.headers().forEach(header -> headers.merge(header.getKey().toLowerCase(Locale.ROOT),
                        header.getValue(), (a, b) -> a + ", " + b));
                ObjectNode headerNode = answer.putObject("headers");
                headers.forEach(headerNode::put);
                answer.put("body", shown.toString(StandardCharsets.UTF_8));
                if (truncated[0]) {
                    answer.put("truncated", true);
                }
                String revision = response.getHeader("X-Quiver-Revision");
                if (revision == null) {
                    answer.putNull("revision");
                } else {
                    answer.put("revision", revision);
                }
                answer.put("millis", (System.nanoTime() - started) / 1_000_000);
                return answer;
            });
        });
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        client.close();
    }
}
