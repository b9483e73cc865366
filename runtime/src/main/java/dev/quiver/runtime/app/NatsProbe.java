package dev.quiver.runtime.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds out once, at start-up, whether a NATS server answers at the configured URL, and says plainly in the
 * log what that means for the functions: with one they get {@code NATS_URL}; without, they run without NATS.
 */
final class NatsProbe {

    private static final Logger LOG = Logger.getLogger(NatsProbe.class);
    private static final int TIMEOUT_MILLIS = 500;

    private NatsProbe() {
    }

    /** The URL when a NATS server greets on it (its first bytes are {@code INFO}), else empty. */
    static Optional<String> reachable(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() == -1 ? 4222 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            byte[] greeting = socket.getInputStream().readNBytes(4);
            if ("INFO".equals(new String(greeting, StandardCharsets.US_ASCII))) {
                LOG.infof("NATS: using %s; functions get NATS_URL (link-checker publishes its results there)", url);
                return Optional.of(url);
            }
            LOG.warnf("NATS: %s answered but is not a NATS server; functions run without NATS", url);
        } catch (IOException | IllegalArgumentException e) {
            LOG.infof("NATS: no server at %s (%s); functions run without NATS: link-checker checks links but publishes "
                    + "nothing. Start one with 'nats-server -js' or set quiver.nats.url", url, e.getMessage());
        }
        return Optional.empty();
    }
}
