package dev.quiver.acceptance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.assertj.core.api.Assertions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP collector stand-in: a real HTTP server on a free loopback port that accepts {@code POST /v1/traces} in
 * {@code http/protobuf}, as the runtime and traced functions send it, and keeps every span it decodes. The
 * {@code ExportTraceServiceRequest} is read with a small protobuf wire reader (only the fields a scenario checks).
 */
final class TraceReceiver implements AutoCloseable {

    /** A span as received: who reported it and where it sits in its trace (ids in lower-case hex). */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind) {

        /** OTLP's SPAN_KIND_SERVER. */
        static final int SERVER = 2;
        /** OTLP's SPAN_KIND_CLIENT. */
        static final int CLIENT = 3;
        /** OTLP's SPAN_KIND_CONSUMER. */
        static final int CONSUMER = 5;
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    private TraceReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts listening on a free port of 127.0.0.1. */
    static TraceReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TraceReceiver receiver = new TraceReceiver(server);
            server.createContext("/", receiver::export);
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "otlp-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The OTLP base URL ({@code quiver.tracing.otlp-endpoint}); exporters post to {@code <it>/v1/traces}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A fresh random W3C trace id (32 hex digits). */
    static String newTraceId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    /** A fresh random W3C span id (16 hex digits). */
    static String newSpanId() {
        return HexFormat.of().formatHex(randomBytes(8));
    }

    /** A sampled {@code traceparent} naming this trace and this caller's span. */
    static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * Checks that the trace holds the runtime's span of the call (its kind, a child of the caller's span) and a span
     * of the function whose parent is one of the runtime's spans: gateway and function joined in one trace.
     *
     * @return the function's span
     */
    Span assertJoined(String traceId, String callerSpanId, int runtimeKind, String function) {
        List<Span> trace = trace(traceId);
        String seen = "spans of trace " + traceId + ": " + trace + " (" + this + ")";
        List<Span> runtime = trace.stream().filter(span -> RUNTIME.equals(span.service())).toList();
        Assertions.assertThat(runtime).as(seen)
                .anySatisfy(span -> {
                    Assertions.assertThat(span.kind()).isEqualTo(runtimeKind);
                    Assertions.assertThat(span.parentSpanId()).isEqualTo(callerSpanId);
                });
        List<String> runtimeIds = runtime.stream().map(Span::spanId).toList();
        Span served = trace.stream().filter(span -> function.equals(span.service()) && span.kind() == Span.SERVER)
                .findFirst().orElseThrow(() -> new AssertionError("no server span of " + function + "; " + seen));
        Assertions.assertThat(runtimeIds).as("the function span's parent; " + seen)
                .contains(served.parentSpanId());
        return served;
    }

    /** The service name of the runtime's spans. */
    static final String RUNTIME = "quiver-runtime";

    /** Every span received so far. */
    List<Span> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace received so far. */
    List<Span> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            byte[] body = in.readAllBytes();
            try {
                readRequest(body);
            } catch (RuntimeException malformed) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** ExportTraceServiceRequest: resource_spans = 1. */
    private void readRequest(byte[] body) {
        Wire request = new Wire(body);
        while (request.more()) {
            int tag = request.tag();
            if (tag >>> 3 == 1) {
                readResourceSpans(request.message());
            } else {
                request.skip(tag);
            }
        }
    }

    /** ResourceSpans: resource = 1 (attributes = 1, for service.name), scope_spans = 2 (spans = 2). */
    private void readResourceSpans(Wire resourceSpans) {
        String service = null;
        List<Wire> scopes = new ArrayList<>();
        while (resourceSpans.more()) {
            int tag = resourceSpans.tag();
            if (tag >>> 3 == 1) {
                Wire resource = resourceSpans.message();
                while (resource.more()) {
                    int field = resource.tag();
                    if (field >>> 3 == 1) {
                        String[] attribute = keyValue(resource.message());
                        if ("service.name".equals(attribute[0])) {
                            service = attribute[1];
                        }
                    } else {
                        resource.skip(field);
                    }
                }
            } else if (tag >>> 3 == 2) {
                scopes.add(resourceSpans.message());
            } else {
                resourceSpans.skip(tag);
            }
        }
        for (Wire scope : scopes) {
            while (scope.more()) {
                int tag = scope.tag();
                if (tag >>> 3 == 2) {
                    spans.add(span(service, scope.message()));
                } else {
                    scope.skip(tag);
                }
            }
        }
    }

    /** KeyValue: key = 1, value = 2 (AnyValue: string_value = 1). */
    private static String[] keyValue(Wire keyValue) {
        String key = null;
        String value = null;
        while (keyValue.more()) {
            int tag = keyValue.tag();
            if (tag >>> 3 == 1) {
                key = keyValue.string();
            } else if (tag >>> 3 == 2) {
                Wire any = keyValue.message();
                while (any.more()) {
                    int field = any.tag();
                    if (field >>> 3 == 1) {
                        value = any.string();
                    } else {
                        any.skip(field);
                    }
                }
            } else {
                keyValue.skip(tag);
            }
        }
        return new String[] {key, value};
    }

    /** Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6. */
    private static Span span(String service, Wire span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        while (span.more()) {
            int tag = span.tag();
            switch (tag >>> 3) {
                case 1 -> traceId = HexFormat.of().formatHex(span.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(span.bytes());
                case 4 -> parent = HexFormat.of().formatHex(span.bytes());
                case 5 -> name = span.string();
                case 6 -> kind = (int) span.varint();
                default -> span.skip(tag);
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Reads protobuf's wire format: varints, and length-delimited fields as nested readers. */
    private static final class Wire {
        private final byte[] data;
        private int at;
        private final int end;

        Wire(byte[] data) {
            this(data, 0, data.length);
        }

        private Wire(byte[] data, int from, int end) {
            this.data = data;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[at++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        Wire message() {
            int length = (int) varint();
            Wire nested = new Wire(data, at, at + length);
            at += length;
            return nested;
        }

        byte[] bytes() {
            int length = (int) varint();
            byte[] bytes = Arrays.copyOfRange(data, at, at + length);
            at += length;
            return bytes;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> {
                    int length = (int) varint(); // read first: `at +=` would add to the position before the length
                    at += length;
                }
                case 5 -> at += 4;
                default -> throw new IllegalStateException("unknown wire type " + (tag & 7));
            }
        }
    }

    /** For failure messages. */
    @Override
    public String toString() {
        return spans.size() + " spans received at " + endpoint();
    }
}
