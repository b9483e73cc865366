package dev.quiver.runtime.app;

import dev.quiver.runtime.nats.NatsClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The runtime's probes for SmallRye Health ({@code /q/health/live}, {@code /q/health/ready} on the gateway port).
 * Ready: the platform has started (on a cluster its informers' caches are filled before it starts; locally the
 * store and the admin API are up) and, when the runtime uses NATS, its connection is up, since triggers and
 * asynchronous calls need it ({@code quiver.health.nats=false} reports it without gating, for an install that runs
 * without NATS on purpose). Alive: the HTTP server answers, which serving this check shows.
 */
public final class RuntimeHealth {

    private RuntimeHealth() {
    }

    /** Whether a platform finished starting; set by {@link LocalRuntime} and {@link KubernetesRuntime}. */
    static volatile boolean platformStarted;

    /** Readiness: platform started, NATS connected when in use. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {

        private final SharedNats nats;
        private final QuiverConfig config;
        private final boolean natsGates;

        Ready(SharedNats nats, QuiverConfig config,
                @ConfigProperty(name = "quiver.health.nats", defaultValue = "true") boolean natsGates) {
            this.nats = nats;
            this.config = config;
            this.natsGates = natsGates;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("quiver-runtime")
                    .withData("platform", config.platform());
            boolean up = platformStarted;
            response.withData("platformStarted", up);
            NatsClient client = nats.opened();
            if (client != null) {
                boolean connected = client.connected();
                response.withData("nats", connected ? "connected" : "disconnected");
                up &= connected || !natsGates;
            } else {
                response.withData("nats", "not used");
            }
            return response.status(up).build();
        }
    }

    /** Liveness: answering at all is the check. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("quiver-runtime");
        }
    }
}
