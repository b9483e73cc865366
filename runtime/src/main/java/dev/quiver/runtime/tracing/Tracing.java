package dev.quiver.runtime.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The runtime's own spans and the W3C trace-context headers it reads and writes where Vert.x's instrumentation does
 * not: NATS messages, stored asynchronous requests and the runtime's loopback calls to its gateway. {@link #off()}
 * (tracing not configured) makes no spans and returns shared empty values, so callers need no checks of their own.
 */
public final class Tracing {

    /** The W3C trace-context header (and NATS header) that names the trace and the parent span. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C header of vendor-specific trace state, carried with {@link #TRACEPARENT}. */
    public static final String TRACESTATE = "tracestate";
    /** The instrumentation scope of the runtime's own spans. */
    public static final String SCOPE = "dev.quiver.runtime";

    private static final Tracing OFF = new Tracing(null, null);

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private Tracing(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No tracing: no spans, headers pass through untouched. */
    public static Tracing off() {
        return OFF;
    }

    /** Tracing through this OpenTelemetry (its tracer provider, exporter and propagators). */
    public static Tracing of(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry.getTracer(SCOPE), openTelemetry.getPropagators().getTextMapPropagator());
    }

    /** Whether spans are made. */
    public boolean on() {
        return tracer != null;
    }

    /**
     * Whether a header (any case) is one of the trace-context headers; compares without allocating, for the
     * gateway's header loop.
     */
    public static boolean isTraceHeader(String name) {
        return name.length() == 11 && name.equalsIgnoreCase(TRACEPARENT)
                || name.length() == 10 && name.equalsIgnoreCase(TRACESTATE);
    }

    /**
     * Starts a span of this kind whose parent is the trace context the headers carry (a new trace when they carry
     * none). Off: the invalid span, which ignores everything.
     *
     * @param headers the message's or request's headers, any case
     */
    public Span start(String name, SpanKind kind, Map<String, String> headers) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        Context parent = propagator.extract(Context.root(), headers, HEADERS);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** The trace-context headers that make a callee a child of this span (empty when off or invalid). */
    public Map<String, String> headers(Span span) {
        if (tracer == null || !span.getSpanContext().isValid()) {
            return Map.of();
        }
        return headers(Context.root().with(span));
    }

    /**
     * The trace-context headers of the current context: inside a request the gateway serves, its server span (Vert.x
     * keeps it on the request's context). Empty when off or when no span is current.
     */
    public Map<String, String> currentHeaders() {
        if (tracer == null || !Span.current().getSpanContext().isValid()) {
            return Map.of();
        }
        return headers(Context.current());
    }

    private Map<String, String> headers(Context context) {
        Map<String, String> carrier = new LinkedHashMap<>(4);
        propagator.inject(context, carrier, (map, key, value) -> map.put(key, value));
        return carrier;
    }

    /**
     * The headers with their trace context replaced by these (any case; the rest kept in order); the same map when
     * {@code trace} is empty.
     */
    public static Map<String, String> withTrace(Map<String, String> headers, Map<String, String> trace) {
        if (trace.isEmpty()) {
            return headers;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!isTraceHeader(name)) {
                merged.put(name, value);
            }
        });
        merged.putAll(trace);
        return merged;
    }

    /** Reads headers by name in any case. */
    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            String value = carrier.get(key);
            if (value != null) {
                return value;
            }
            for (Map.Entry<String, String> entry : carrier.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(key)) {
                    return entry.getValue();
                }
            }
            return null;
        }
    };
}
