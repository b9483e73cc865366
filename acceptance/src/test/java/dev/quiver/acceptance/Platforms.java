package dev.quiver.acceptance;

import java.util.HashMap;
import java.util.Map;

/** Settings both platforms' runtimes share in the suite, so a scenario sees the same behaviour on each. */
final class Platforms {

    /**
     * Runtime settings: a short autoscaler window (6 s stable, 0.6 s panic) so scaling is seen within seconds,
     * and no frozen replicas on the local platform, so that a replica scaled to zero is really gone.
     */
    static final Map<String, String> RUNTIME_SETTINGS = Map.of(
            "quiver.autoscaler.stable-window", "6s",
            "quiver.local.retention", "0s");

    /**
     * {@link #RUNTIME_SETTINGS} with tracing to the receiver: the runtime (and, on the cluster, the controller, which
     * gives function pods the same endpoint) report spans there, exported every 200 ms instead of every 5 s.
     */
    static Map<String, String> traced(TraceReceiver traces) {
        Map<String, String> settings = new HashMap<>(RUNTIME_SETTINGS);
        settings.put("quiver.tracing.otlp-endpoint", traces.endpoint());
        settings.put("quarkus.otel.bsp.schedule.delay", "200ms");
        return Map.copyOf(settings);
    }

    private Platforms() {
    }
}
