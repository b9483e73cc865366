package dev.quiver.runtime.nats;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server -js} for one test, on a free loopback port with its own JetStream store, which the
 * test can stop and start again on the same port with the same store (a server restart keeps the streams).
 */
public final class NatsServerProcess implements AutoCloseable {

    private final int port;
    private final Path store;
    private final Path log;
    private final Path config;
    private final Map<String, String> env;
    private Process process;

    private NatsServerProcess(int port, Path store, Path config, Map<String, String> env) {
        this.port = port;
        this.store = store;
        this.log = store.resolve("nats-server.log");
        this.config = config;
        this.env = env;
    }

    /** Starts a server with JetStream on a free port. */
    public static NatsServerProcess start() {
        return start(null, Map.of());
    }

    /**
     * Starts a server with JetStream on a free loopback port and its own store, reading a configuration file
     * (users, permissions, TLS, its JetStream store) whose {@code $VARIABLES} come from {@code env}; the port and
     * address given here win over the file's.
     */
    public static NatsServerProcess start(Path config, Map<String, String> env) {
        try {
            NatsServerProcess server = new NatsServerProcess(freePort(), Files.createTempDirectory("quiver-nats-"),
                    config, env);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JetStream store folder", e);
        }
    }

    /** The server's log (connections refused for authorization or TLS are written there). */
    public Path log() {
        return log;
    }

    /** The URL clients connect to. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s); the store is kept. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the server (SIGKILL, as {@code kill -9} does): nothing is flushed; the store on disk is kept. */
    public void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server (again) on the same port and store, and waits until it accepts connections. */
    public void restart() {
        stop();
        try {
            List<String> command = new ArrayList<>(List.of("nats-server", "-js", "-a", "127.0.0.1", "-p",
                    String.valueOf(port)));
            if (config == null) {
                command.addAll(List.of("-sd", store.toString()));
            } else {
                // the file names its store; a random monitoring port, as the file's fixed one would clash
                command.addAll(List.of("-m", "-1", "-c", config.toString()));
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start nats-server (is the nats-server package installed?)", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("nats-server did not listen on port " + port + " within 15 s; see " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
