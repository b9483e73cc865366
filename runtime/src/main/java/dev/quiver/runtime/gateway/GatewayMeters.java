package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.RevisionRef;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The gateway's meters in a Micrometer registry. The request path still only increments {@link RevisionMetrics}'
 * atomic counters: the meters registered here read them when the registry is scraped. A revision's meters are
 * registered when its gate is made and removed with it; a status code's counter when the code is first counted
 * (once per revision and code, never per request). Micrometer has no meter that reads a histogram from outside, so
 * the request-duration histogram is a Prometheus collector over the same buckets.
 */
final class GatewayMeters {

    static final String REQUESTS = "quiver.requests";
    static final String DURATION = "quiver_request_duration_seconds";

    private final MeterRegistry registry;
    private final Map<RevisionRef, RevisionGate> gates;
    /** Each gate's meters, to remove with it. */
    private final Map<RevisionGate, GateMeters> meters = new ConcurrentHashMap<>();

    /** A gate's meters and the status codes that have a counter. */
    private static final class GateMeters {
        final List<Meter> list = new CopyOnWriteArrayList<>();
        final boolean[] codes = new boolean[600];
    }
    /** Replies sent before a revision was chosen, by namespace and function ("" when unknown), and code. */
    private final ConcurrentHashMap<String, AtomicLongArray> unrouted = new ConcurrentHashMap<>();

    GatewayMeters(MeterRegistry registry, Map<RevisionRef, RevisionGate> gates) {
        this.registry = registry;
        this.gates = gates;
        PrometheusMeterRegistry prometheus = prometheus(registry);
        if (prometheus != null) {
            new DurationCollector().register(prometheus.getPrometheusRegistry());
        }
    }

    /** The Prometheus registry itself, or inside a composite one (Quarkus injects the composite); null if none. */
    static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry child : composite.getRegistries()) {
                PrometheusMeterRegistry found = prometheus(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Registers the gate's meters; its status codes' counters follow as codes are first counted. */
    void added(RevisionGate gate) {
        GateMeters registered = new GateMeters();
        meters.put(gate, registered);
        List<Meter> list = registered.list;
        RevisionRef ref = gate.ref;
        Tags tags = tags(ref);
        list.add(Gauge.builder("quiver.requests.in.flight", gate, RevisionGate::inFlight).tags(tags)
                .description("Requests sent to a revision and not answered yet.").register(registry));
        list.add(Gauge.builder("quiver.queue.depth", gate, RevisionGate::queued).tags(tags)
                .description("Requests waiting for a revision: for a free slot, or held while it wakes from zero.")
                .register(registry));
        list.add(Gauge.builder("quiver.ready.replicas", gate, RevisionGate::readyReplicas).tags(tags)
                .description("Ready replicas of a revision as the gateway sees them.").register(registry));
        list.add(FunctionCounter.builder("quiver.cold.starts", gate.metrics, RevisionMetrics::coldStarts).tags(tags)
                .description("Wakes from zero that ended with a ready replica.").register(registry));
        Timer coldStart = Timer.builder("quiver.cold.start").tags(tags)
                .description("Time from the activator's wake call to a ready replica.")
                .serviceLevelObjectives(COLD_START_BUCKETS).register(registry);
        list.add(coldStart);
        gate.metrics.coldStartTimer = coldStart;
        gate.metrics.onFirstReply(code -> codeSeen(gate, code));
        // codes counted before the listener was set (413 of a fresh gate) are not lost
        for (int code = 0; code < 600; code++) {
            if (gate.metrics.replies(code) > 0) {
                codeSeen(gate, code);
            }
        }
    }

    /** Removes the gate's meters. */
    void removed(RevisionGate gate) {
        GateMeters registered = meters.remove(gate);
        if (registered != null) {
            registered.list.forEach(registry::remove);
        }
    }

    private void codeSeen(RevisionGate gate, int code) {
        GateMeters registered = meters.get(gate);
        if (registered == null) {
            return; // removed meanwhile
        }
        synchronized (registered) {
            if (registered.codes[code]) {
                return;
            }
            registered.codes[code] = true;
            Tags tags = tags(gate.ref).and("code", Integer.toString(code));
            registered.list.add(FunctionCounter.builder(REQUESTS, gate.metrics, metrics -> metrics.replies(code)).tags(tags)
                    .description("Replies of the gateway by namespace, function, revision and status code.")
                    .register(registry));
        }
    }

    /** Counts a reply sent before a revision was chosen; names of unknown functions must come as null. */
    void unrouted(String namespace, String function, int status) {
        String key = (namespace == null ? "" : namespace) + "/" + (function == null ? "" : function);
        AtomicLongArray counts = unrouted.get(key);
        if (counts == null) {
            counts = unrouted.computeIfAbsent(key, k -> new AtomicLongArray(600));
        }
        int code = status >= 0 && status < 600 ? status : 0;
        if (counts.incrementAndGet(code) == 1) {
            AtomicLongArray read = counts;
            FunctionCounter.builder(REQUESTS, read, array -> array.get(code))
                    .tags("namespace", namespace == null ? "" : namespace, "function", function == null ? "" : function,
                            "revision", "", "code", Integer.toString(code))
                    .description("Replies of the gateway by namespace, function, revision and status code.")
                    .register(registry);
        }
    }

    /** Cold-start buckets: a JVM app wakes in about a second, a native or CRaC one far faster, a pull far slower. */
    private static final Duration[] COLD_START_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private static Tags tags(RevisionRef ref) {
        return Tags.of("namespace", ref.namespace(), "function", ref.function(), "revision", ref.revision());
    }

    /** The request-duration histogram of every gate, read from its buckets at scrape time. */
    private final class DurationCollector extends Collector {
        private static final List<String> LABELS = List.of("namespace", "function", "revision", "le");
        private static final List<String> REVISION_LABELS = List.of("namespace", "function", "revision");

        @Override
        public List<MetricFamilySamples> collect() {
            List<MetricFamilySamples.Sample> samples = new ArrayList<>();
            for (RevisionGate gate : gates.values()) {
                RevisionRef ref = gate.ref;
                long cumulative = 0;
                for (int i = 0; i <= RevisionMetrics.BUCKETS.length; i++) {
                    cumulative += gate.metrics.bucket(i);
                    String le = i < RevisionMetrics.BUCKETS.length ? Collector.doubleToGoString(RevisionMetrics.BUCKETS[i])
                            : "+Inf";
                    samples.add(new MetricFamilySamples.Sample(DURATION + "_bucket", LABELS,
                            List.of(ref.namespace(), ref.function(), ref.revision(), le), cumulative));
                }
                List<String> values = List.of(ref.namespace(), ref.function(), ref.revision());
                samples.add(new MetricFamilySamples.Sample(DURATION + "_count", REVISION_LABELS, values, cumulative));
                samples.add(new MetricFamilySamples.Sample(DURATION + "_sum", REVISION_LABELS, values,
                        gate.metrics.durationSeconds()));
            }
            return List.of(new MetricFamilySamples(DURATION, Type.HISTOGRAM,
                    "Time from a request's arrival to its reply's end, waiting included.", samples));
        }
    }
}
