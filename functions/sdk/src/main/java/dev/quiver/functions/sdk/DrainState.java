package dev.quiver.functions.sdk;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this process has begun to shut down. Readiness reports 503 from that moment so that no new work is
 * sent here, while Quarkus' graceful shutdown ({@code quarkus.shutdown.timeout}) lets in-flight requests finish.
 */
@ApplicationScoped
public class DrainState {

    private final AtomicBoolean draining = new AtomicBoolean();

    /** True once SIGTERM (or any other shutdown) has arrived. */
    public boolean isDraining() {
        return draining.get();
    }

    /** Marks the process as draining; idempotent. */
    public void begin() {
        draining.set(true);
    }

    void onStart(@Observes StartupEvent event) {
        // A JVM hook runs at SIGTERM alongside Quarkus' own, so readiness flips before the drain wait begins.
        Runtime.getRuntime().addShutdownHook(new Thread(this::begin, "quiver-drain"));
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        begin();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        begin();
    }
}
