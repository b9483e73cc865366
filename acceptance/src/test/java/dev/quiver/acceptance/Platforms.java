package dev.quiver.acceptance;

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

    private Platforms() {
    }
}
