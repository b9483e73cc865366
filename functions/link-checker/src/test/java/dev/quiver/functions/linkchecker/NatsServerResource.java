package dev.quiver.functions.linkchecker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;

/** A real {@code nats-server} on a free loopback port, for the length of the test class. */
public class NatsServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String url;
    private Process server;

    /** The URL of the running server. */
    static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        int port = freePort();
        try {
            server = new ProcessBuilder("/usr/sbin/nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            awaitListening(port);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start nats-server", e);
        }
        url = "nats://127.0.0.1:" + port;
        return Map.of("nats.url", url);
    }

    private void awaitListening(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("nats-server exited with " + server.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("nats-server never listened on " + port);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
