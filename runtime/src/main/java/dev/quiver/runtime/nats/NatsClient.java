package dev.quiver.runtime.nats;

import dev.quiver.nats.NatsAccess;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The runtime's one connection to NATS, shared by the triggers, the asynchronous invocations and the schedules.
 * It never gives up: when the server is down at start or goes away later, the client keeps reconnecting, and
 * listeners hear every (re)connection so that they can bind their consumers again.
 */
public final class NatsClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NatsClient.class);

    /**
     * The runtime's reply subjects (JetStream API and key-value answers, which carry stored requests and results):
     * a prefix of their own, so that the NATS permissions of function users can keep them from subscribing there.
     */
    public static final String INBOX_PREFIX = "_QUIVER_INBOX.";

    private final String url;
    private final StreamLimits streamLimits;
    private final Connection connection;
    private final List<Consumer<Connection>> connectedListeners = new CopyOnWriteArrayList<>();

    private NatsClient(String url, Options.Builder options, StreamLimits streamLimits)
            throws IOException, InterruptedException {
        this.url = url;
        this.streamLimits = streamLimits;
        this.connection = Nats.connectReconnectOnConnect(options.connectionListener(this::changed).build());
    }

    /** Connects to the server at {@code url} without credentials, in the background, reconnecting forever. */
    public static NatsClient connect(String url, String connectionName) {
        return connect(url, connectionName, NatsAccess.NONE, StreamLimits.DEFAULTS);
    }

    /**
     * Connects to the server at {@code url} in the background, reconnecting forever.
     *
     * @param access       the credentials and TLS settings
     * @param streamLimits the limits of the streams the runtime creates over this connection
     * @throws IllegalArgumentException when the access settings clash or name files that cannot be read
     */
    public static NatsClient connect(String url, String connectionName, NatsAccess access, StreamLimits streamLimits) {
        Options.Builder options = access.applyTo(new Options.Builder())
                .server(url)
                .connectionName(connectionName)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(2))
                .pingInterval(Duration.ofSeconds(5))
                .reconnectBufferSize(64L * 1024 * 1024)
                .inboxPrefix(INBOX_PREFIX);
        LOG.infof("NATS: %s with %s", url, access.describe());
        try {
            return new NatsClient(url, options, streamLimits);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a NATS connection to " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + url, e);
        }
    }

    /** The server's URL. */
    public String url() {
        return url;
    }

    /** The limits of the streams the runtime creates. */
    public StreamLimits streamLimits() {
        return streamLimits;
    }

    /** The connection (it may be reconnecting; jnats buffers publishes meanwhile). */
    public Connection connection() {
        return connection;
    }

    /** Whether the connection is up now. */
    public boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** Calls the listener on every connection and reconnection, and at once when connected already. */
    public void onConnected(Consumer<Connection> listener) {
        connectedListeners.add(listener);
        if (connected()) {
            listener.accept(connection);
        }
    }

    private void changed(Connection changed, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
                if (event != ConnectionListener.Events.RESUBSCRIBED) {
                    LOG.infof("NATS: connected to %s", url);
                    connectedListeners.forEach(listener -> notify(listener, changed));
                }
            }
            case DISCONNECTED -> LOG.warnf("NATS: lost %s; reconnecting", url);
            default -> LOG.debugf("NATS: %s", event);
        }
    }

    private static void notify(Consumer<Connection> listener, Connection connection) {
        try {
            listener.accept(connection);
        } catch (RuntimeException e) {
            LOG.errorf(e, "NATS: a connection listener failed");
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
