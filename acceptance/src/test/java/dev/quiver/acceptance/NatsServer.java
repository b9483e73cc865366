package dev.quiver.acceptance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** A real {@code nats-server -js} on a free loopback port with its own JetStream store, for one test class. */
final class NatsServer implements AutoCloseable {

    private final int port;
    private final ChildProcess process;

    private NatsServer(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts one in a folder of its own and waits until it accepts connections. */
    static NatsServer start(Path dir) {
        int port = Checkout.freePort();
        ChildProcess process = ChildProcess.start("nats-server", List.of("nats-server", "-js", "-a", "127.0.0.1",
                "-p", String.valueOf(port), "-sd", dir.resolve("jetstream").toString()), Map.of(),
                dir.resolve("nats-server.log"));
        await("nats-server listening on " + port).atMost(Duration.ofSeconds(30)).until(() -> {
            process.requireAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return new NatsServer(port, process);
    }

    /** The URL clients connect to. */
    String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
