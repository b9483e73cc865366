package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.RevisionRef;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Writes the gateway's metrics in Prometheus' text format (0.0.4) by hand: the counters live in
 * {@link RevisionMetrics}, so recording stays a few atomic increments and only a scrape builds text.
 */
final class GatewayMetrics {

    private final Map<RevisionRef, RevisionGate> gates;
    /** Replies sent before a revision was chosen, by function ("" when the function is unknown) and code. */
    private final ConcurrentHashMap<String, AtomicLongArray> unrouted = new ConcurrentHashMap<>();

    GatewayMetrics(Map<RevisionRef, RevisionGate> gates) {
        this.gates = gates;
    }

    void unrouted(String function, int status) {
        unrouted.computeIfAbsent(function == null ? "" : function, f -> new AtomicLongArray(600))
                .incrementAndGet(status >= 0 && status < 600 ? status : 0);
    }

    String render() {
        Map<String, RevisionGate> sorted = new TreeMap<>();
        gates.values().forEach(gate -> sorted.put(gate.ref.function() + "\u0000" + gate.ref.revision(), gate));
        StringBuilder out = new StringBuilder(4096);

        header(out, "quiver_requests_total", "counter", "Replies of the gateway by function, revision and status code.");
        for (RevisionGate gate : sorted.values()) {
            for (int code = 0; code < 600; code++) {
                long count = gate.metrics.replies(code);
                if (count > 0) {
                    sample(out, "quiver_requests_total", gate.ref, "code", Integer.toString(code), count);
                }
            }
        }
        for (Map.Entry<String, AtomicLongArray> entry : new TreeMap<>(unrouted).entrySet()) {
            for (int code = 0; code < 600; code++) {
                long count = entry.getValue().get(code);
                if (count > 0) {
                    out.append("quiver_requests_total{function=\"");
                    escape(out, entry.getKey());
                    out.append("\",revision=\"\",code=\"").append(code).append("\"} ").append(count).append('\n');
                }
            }
        }

        header(out, "quiver_request_duration_seconds", "histogram",
                "Time from a request's arrival to its reply's end, waiting included.");
        for (RevisionGate gate : sorted.values()) {
            long cumulative = 0;
            for (int i = 0; i <= RevisionMetrics.BUCKETS.length; i++) {
                cumulative += gate.metrics.bucket(i);
                String le = i < RevisionMetrics.BUCKETS.length ? Double.toString(RevisionMetrics.BUCKETS[i]) : "+Inf";
                sample(out, "quiver_request_duration_seconds_bucket", gate.ref, "le", le, cumulative);
            }
            sample(out, "quiver_request_duration_seconds_sum", gate.ref, null, null, gate.metrics.durationSeconds());
            sample(out, "quiver_request_duration_seconds_count", gate.ref, null, null, cumulative);
        }

        header(out, "quiver_requests_in_flight", "gauge", "Requests sent to a revision and not answered yet.");
        sorted.values().forEach(gate -> sample(out, "quiver_requests_in_flight", gate.ref, null, null, gate.inFlight()));
        header(out, "quiver_queue_depth", "gauge",
                "Requests waiting for a revision: for a free slot, or held while it wakes from zero.");
        sorted.values().forEach(gate -> sample(out, "quiver_queue_depth", gate.ref, null, null, gate.queued()));
        header(out, "quiver_ready_replicas", "gauge", "Ready replicas of a revision as the gateway sees them.");
        sorted.values().forEach(gate -> sample(out, "quiver_ready_replicas", gate.ref, null, null, gate.readyReplicas()));
        header(out, "quiver_cold_starts_total", "counter", "Wakes from zero that ended with a ready replica.");
        sorted.values().forEach(gate -> sample(out, "quiver_cold_starts_total", gate.ref, null, null,
                gate.metrics.coldStarts()));
        header(out, "quiver_cold_start_seconds_total", "counter",
                "Time from the activator's wake call to a ready replica, summed over cold starts.");
        sorted.values().forEach(gate -> sample(out, "quiver_cold_start_seconds_total", gate.ref, null, null,
                gate.metrics.coldStartSeconds()));
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, RevisionRef ref, String label, String value,
            double number) {
        out.append(name).append("{function=\"");
        escape(out, ref.function());
        out.append("\",revision=\"");
        escape(out, ref.revision());
        out.append('"');
        if (label != null) {
            out.append(',').append(label).append("=\"").append(value).append('"');
        }
        out.append("} ");
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            out.append((long) number);
        } else {
            out.append(number);
        }
        out.append('\n');
    }

    private static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
