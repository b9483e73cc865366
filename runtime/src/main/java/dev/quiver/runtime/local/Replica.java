package dev.quiver.runtime.local;

import dev.quiver.runtime.platform.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child process serving one revision on a loopback port. Its output goes to its own log file.
 * Not thread-safe on its own: {@link RevisionReplicas} guards its state.
 */
final class Replica {

    /** Where a replica is in its life. */
    enum State { STARTING, READY, FREEZING, FROZEN, STOPPING, STOPPED }

    /** The probe's interval while a replica starts: short, because a request may be waiting for it. */
    private static final long START_PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
    private static final int PROBE_TIMEOUT_MILLIS = 1000;

    private final int id;
    private final int port;
    private final Path logFile;
    private Process process;
    private State state = State.STARTING;
    private long frozenAtNanos;

    Replica(int id, int port, Path logFile) {
        this.id = id;
        this.port = port;
        this.logFile = logFile;
    }

    int id() {
        return id;
    }

    State state() {
        return state;
    }

    void state(State next) {
        this.state = next;
    }

    long frozenAtNanos() {
        return frozenAtNanos;
    }

    void frozenAt(long nanos) {
        this.frozenAtNanos = nanos;
    }

    Endpoint endpoint() {
        return new Endpoint("127.0.0.1", port);
    }

    Path logFile() {
        return logFile;
    }

    /** Starts the process; its output is appended to the log file. */
    void start(LaunchSpec spec, JavaHome java) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(spec.command(java))
                .directory(spec.app().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(spec.environment(port));
        process = builder.start();
    }

    /** The process, once started. */
    Process process() {
        return process;
    }

    /**
     * Polls readiness until it passes, the process exits, the deadline passes or {@code abandoned} says stop.
     *
     * @return whether the replica became ready
     */
    boolean awaitReady(Duration deadline, BooleanSupplier abandoned) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end && process.isAlive() && !abandoned.getAsBoolean()) {
            if (ReadinessProbe.ready(port, PROBE_TIMEOUT_MILLIS)) {
                return true;
            }
            sleepNanos(START_PROBE_INTERVAL_NANOS);
        }
        return false;
    }

    /** One readiness check of a running replica. */
    boolean probe() {
        return ReadinessProbe.ready(port, PROBE_TIMEOUT_MILLIS);
    }

    /** Stops the process without ending it (SIGSTOP): it keeps its memory and costs no CPU. */
    void freeze() {
        signal("STOP");
    }

    /** Lets a frozen process run again (SIGCONT). */
    void thaw() {
        signal("CONT");
    }

    /** SIGTERM so the function drains, then waits; kills it when it does not exit in time. */
    void terminate(Duration drainTimeout) {
        if (process == null) {
            return;
        }
        process.destroy();
        // A frozen process only sees SIGTERM once it runs again.
        signal("CONT");
        try {
            if (!process.waitFor(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of this replica's output, to explain a failure. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + name + " to replica " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "replica " + id + " on port " + port;
    }
}
