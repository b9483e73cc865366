package dev.quiver.runtime.nats;

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

    private final String url;
    private final Connection connection;
    private final List<Consumer<Connection>> connectedListeners = new CopyOnWriteArrayList<>();

    private NatsClient(String url, Options.Builder options) throws IOException, InterruptedException {
        this.url = url;
        this.connection = Nats.connectReconnectOnConnect(options.connectionListener(this::changed).build());
    }

    /** Connects to the server at {@code url} in the background, reconnecting forever. */
    public static NatsClient connect(String url, String connectionName) {
        Options.Builder options = new Options.Builder()
                .server(url)
                .connectionName(connectionName)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(2))
                .pingInterval(Duration.ofSeconds(5))
                .reconnectBufferSize(64L * 1024 * 1024);
        try {
            return new NatsClient(url, options);
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
