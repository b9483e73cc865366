package dev.quiver.api.contract;

import dev.quiver.api.ApiJson;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;

/**
 * The probes a revision's replicas get, with every setting filled in: the template's own when it names one, else
 * the {@link DefaultProbe} chosen when the app was built. The local platform probes with these values and the
 * controller writes them into the pod template, so a function passes or fails the same checks on both.
 */
public final class Probes {

    /** Readiness period: short, because a replica takes no traffic until its first pass (the cold-start path). */
    public static final int READINESS_PERIOD_SECONDS = 1;
    /** Liveness period. */
    public static final int LIVENESS_PERIOD_SECONDS = 10;
    /** Default time one check may take. */
    public static final int TIMEOUT_SECONDS = 1;
    /** Default failures in a row before a replica is unready or restarted. */
    public static final int FAILURE_THRESHOLD = 3;
    /** The paths of the gateway's routes: the function never sees them, so a probe there is a mistake. */
    public static final String GATEWAY_PREFIX = "/fn/";

    private Probes() {
    }

    /**
     * What a revision's replicas are checked with.
     *
     * @param readiness   the readiness probe, every setting filled in
     * @param liveness    the liveness probe, every setting filled in
     * @param description one line for the revision's status, e.g. {@code readiness GET /q/health/ready, liveness GET
     *                    /q/health/live (default: the app has SmallRye Health)}
     */
    public record Effective(HealthProbe readiness, HealthProbe liveness, String description) {
    }

    /** The probes of a revision with this template, whose build chose {@code detected} (null: not recorded). */
    public static Effective of(FunctionTemplate template, DefaultProbe detected) {
        DefaultProbe fallback = DefaultProbe.orTcp(detected);
        HealthProbe readiness = filled(template.readinessProbe, fallback.readiness(), READINESS_PERIOD_SECONDS);
        HealthProbe liveness = filled(template.livenessProbe, fallback.liveness(), LIVENESS_PERIOD_SECONDS);
        String origin;
        if (template.readinessProbe != null && template.livenessProbe != null) {
            origin = "from the template";
        } else {
            origin = (template.readinessProbe == null && template.livenessProbe == null ? "default: " : "partly default: ")
                    + fallback.reason();
        }
        return new Effective(readiness, liveness,
                "readiness " + describe(readiness) + ", liveness " + describe(liveness) + " (" + origin + ")");
    }

    /** A probe in words: {@code GET /q/health/ready} or {@code TCP connect to $PORT}. */
    public static String describe(HealthProbe probe) {
        return probe.httpGet != null ? "GET " + probe.httpGet.path : "TCP connect to $PORT";
    }

    private static HealthProbe filled(HealthProbe given, HealthProbe fallback, int periodSeconds) {
        HealthProbe probe = ApiJson.copy(given != null ? given : fallback, HealthProbe.class);
        if (probe.initialDelaySeconds == null) {
            probe.initialDelaySeconds = 0;
        }
        if (probe.periodSeconds == null) {
            probe.periodSeconds = periodSeconds;
        }
        if (probe.timeoutSeconds == null) {
            probe.timeoutSeconds = TIMEOUT_SECONDS;
        }
        if (probe.failureThreshold == null) {
            probe.failureThreshold = FAILURE_THRESHOLD;
        }
        // The port is always the function's own: the one each replica serves on ($PORT).
        if (probe.httpGet != null) {
            probe.httpGet.port = null;
        }
        if (probe.tcpSocket != null) {
            probe.tcpSocket.port = null;
        }
        return probe;
    }
}
