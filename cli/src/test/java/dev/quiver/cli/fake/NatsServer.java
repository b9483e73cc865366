package dev.quiver.cli.fake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code nats-server -js} on a free loopback port with its own JetStream store, for one test. */
public final class NatsServer implements AutoCloseable {

    private final int port;
    private final Process process;

    private NatsServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts a server and waits until it accepts connections. */
    public static NatsServer start() throws IOException {
        return start(List.of());
    }

    /** Starts a server with more arguments (e.g. {@code -c FILE} with users) and waits until it accepts connections. */
    public static NatsServer start(List<String> arguments) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path store = Files.createTempDirectory("quiver-cli-nats-");
        List<String> command = new ArrayList<>(List.of("nats-server", "-js", "-a", "127.0.0.1", "-p",
                String.valueOf(port), "-sd", store.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(store.resolve("nats-server.log").toFile())
                .start();
        NatsServer server = new NatsServer(port, process);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        server.close();
        throw new IllegalStateException("nats-server did not listen on port " + port + " within 15 s");
    }

    /** The URL clients connect to. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
