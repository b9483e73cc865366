package dev.quiver.runtime.app;

import dev.quiver.nats.NatsAccess;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.runtime.nats.StreamLimits;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;

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
            client = NatsClient.connect(config.nats().url(), "quiver-runtime", access(config.nats()), limits(config.nats()));
        }
        return client;
    }

    /** The connection if something opened it, else null (never opens it: a health check must not connect). */
    synchronized NatsClient opened() {
        return client;
    }

    /** The runtime's credentials and TLS files from {@code quiver.nats.*}. */
    static NatsAccess access(QuiverConfig.Nats nats) {
        return new NatsAccess(nats.credsFile().map(Path::of), nats.nkeyFile().map(Path::of), nats.user(), nats.password(),
                nats.token(), nats.tls().caFile().map(Path::of), nats.tls().certFile().map(Path::of),
                nats.tls().keyFile().map(Path::of));
    }

    /** The limits of the streams the runtime creates, from {@code quiver.nats.streams.*}. */
    static StreamLimits limits(QuiverConfig.Nats nats) {
        QuiverConfig.Nats.Streams streams = nats.streams();
        return new StreamLimits(streams.maxAge(), streams.maxBytes(), streams.maxMsgs(), streams.maxMsgSize());
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
