package dev.quiver.standin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server -js} for one test, on a free loopback port with its own JetStream store, which the
 * test can stop and start again on the same port with the same store (a server restart keeps the streams).
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(30);

    private final int port;
    private final Path log;
    private final List<String> options;
    private final Map<String, String> env;
    private Process process;

    private NatsServerProcess(int port, Path log, List<String> options, Map<String, String> env) {
        this.port = port;
        this.log = log;
        this.options = options;
        this.env = env;
    }

    /** Starts a server with JetStream on a free port and a store in a temporary folder. */
    public static NatsServerProcess start() {
        return start(List.of());
    }

    /** Starts a server with a store in a temporary folder and more arguments (e.g. {@code -c FILE} with users). */
    public static NatsServerProcess start(List<String> arguments) {
        Path store = temporaryStore();
        List<String> options = new ArrayList<>(List.of("-sd", store.toString()));
        options.addAll(arguments);
        return start(store.resolve("nats-server.log"), options, Map.of());
    }

    /**
     * Starts a server reading a configuration file (users, permissions, TLS, its JetStream store) whose
     * {@code $VARIABLES} come from {@code env}; the port and address given here win over the file's.
     */
    public static NatsServerProcess start(Path config, Map<String, String> env) {
        // the file names its store; a random monitoring port, as the file's fixed one would clash
        return start(temporaryStore().resolve("nats-server.log"), List.of("-m", "-1", "-c", config.toString()), env);
    }

    /** Starts a server with its store ({@code jetstream/}) and log ({@code nats-server.log}) in {@code dir}. */
    public static NatsServerProcess startIn(Path dir) {
        return start(dir.resolve("nats-server.log"), List.of("-sd", dir.resolve("jetstream").toString()), Map.of());
    }

    private static NatsServerProcess start(Path log, List<String> options, Map<String, String> env) {
        NatsServerProcess server = new NatsServerProcess(Ports.freePort(), log, options, env);
        server.restart();
        return server;
    }

    private static Path temporaryStore() {
        try {
            return Files.createTempDirectory("quiver-nats-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a JetStream store folder", e);
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
        List<String> command = new ArrayList<>(List.of("nats-server", "-js", "-a", "127.0.0.1", "-p",
                String.valueOf(port)));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start nats-server (is the nats-server package installed?)", e);
        }
        Process started = process;
        try {
            Ports.awaitListening(port, START, started::isAlive, "nats-server (log: " + log + ")");
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
