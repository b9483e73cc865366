package dev.quiver.runtime.app;

import dev.quiver.runtime.nats.NatsClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The runtime's one NATS connection ({@code quiver.nats.url}), shared by the event triggers and the asynchronous
 * invocations. Opened on first use, so a runtime that needs no NATS never connects; closed when the runtime
 * stops, after those users have let go of it.
 */
@Singleton
public class SharedNats {

    private final QuiverConfig config;
    private NatsClient client;

    SharedNats(QuiverConfig config) {
        this.config = config;
    }

    /** The connection, opened (reconnecting forever) on the first call. */
    synchronized NatsClient client() {
        if (client == null) {
            client = NatsClient.connect(config.nats().url(), "quiver-runtime");
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
