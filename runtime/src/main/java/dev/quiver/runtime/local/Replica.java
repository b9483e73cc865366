package dev.quiver.runtime.local;

import dev.quiver.runtime.platform.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One child process (with whatever it starts) serving one revision on a loopback port. Its output goes to its own
 * log file. Not thread-safe on its own: {@link RevisionReplicas} guards its state and probe counters.
 */
final class Replica {

    /** Where a replica is in its life. */
    enum State {
        /** Started or resumed, not ready yet: the cold path polls readiness. */
        STARTING,
        /** Serving. */
        READY,
        /** Passed readiness before, now failed it failureThreshold times in a row: out of routing, still probed. */
        UNREADY,
        /** Out of routing, about to be frozen. */
        FREEZING,
        /** Stopped by SIGSTOP, kept for a fast resume. */
        FROZEN,
        /** Draining or being killed. */
        STOPPING,
        /** Gone. */
        STOPPED
    }

    /** The probe's interval while a replica starts: short, because a request may be waiting for it. */
    private static final long START_PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    private final int id;
    private final int port;
    private final Path logFile;
    private final ReplicaPidFiles pids;
    private Process process;
    private State state = State.STARTING;
    private long frozenAtNanos;
    private long startedNanos;
    private boolean everReady;
    private int readinessFailures;
    private int livenessFailures;
    private long nextReadinessNanos;
    private long nextLivenessNanos;
    private final AtomicBoolean checking = new AtomicBoolean();

    Replica(int id, int port, Path logFile, ReplicaPidFiles pids) {
        this.id = id;
        this.port = port;
        this.logFile = logFile;
        this.pids = pids;
    }

    /** The log file of the replica with this index of a revision. */
    static Path logFile(Path logDir, String revision, int index) {
        return logDir.resolve(revision + "-" + index + ".log");
    }

    /** One past the highest index of the revision's log files in the folder (1 when there are none). */
    static int nextLogIndex(Path logDir, String revision) {
        Pattern name = Pattern.compile(Pattern.quote(revision) + "-(\\d+)\\.log");
        try (Stream<Path> files = Files.list(logDir)) {
            return files.map(file -> name.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0) + 1;
        } catch (IOException e) {
            return 1; // no folder yet
        }
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

    /** Starts the process, its output appended to the log file, its pids in a pid file while it runs. */
    void start(LaunchSpec spec, JavaHome java) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(spec.command(java))
                .directory(spec.app().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(spec.environment(port));
        startedNanos = System.nanoTime();
        process = builder.start();
        pids.record(pidFileName(), process);
        process.onExit().thenRun(() -> pids.forget(pidFileName()));
    }

    /** The name of its pid file: its log file's, which no other replica of this runtime or an earlier one has. */
    private String pidFileName() {
        return logFile.getFileName().toString().replaceFirst("\\.log$", "");
    }

    /** The process, once started. */
    Process process() {
        return process;
    }

    /**
     * Polls readiness until it passes, the process exits, the deadline passes or {@code abandoned} says stop. This is
     * the cold path: after the probe's initial delay it checks every few milliseconds, not every periodSeconds, since
     * a request may be waiting for this replica.
     *
     * @param deadline how long after the initial delay it may take
     * @return whether the replica became ready
     */
    boolean awaitReady(ProbeCheck readiness, Duration deadline, BooleanSupplier abandoned) {
        long first = System.nanoTime() + TimeUnit.SECONDS.toNanos(readiness.probe().initialDelaySeconds == null ? 0
                : readiness.probe().initialDelaySeconds);
        long end = first + deadline.toNanos();
        while (System.nanoTime() < end && process.isAlive() && !abandoned.getAsBoolean()) {
            if (System.nanoTime() >= first && readiness.passes(port)) {
                return true;
            }
            sleepNanos(START_PROBE_INTERVAL_NANOS);
        }
        return false;
    }

    /** One check of a running replica. */
    boolean passes(ProbeCheck check) {
        return check.passes(port);
    }

    /** Whether it passed readiness once since it started: from then on the periodic probes apply. */
    boolean everReady() {
        return everReady;
    }

    /** Records the first pass (or a pass after a resume): periodic checks start one period later. */
    void passedReadiness(ProbeCheck readiness, ProbeCheck liveness, long nowNanos) {
        everReady = true;
        if (process.isAlive()) {
            pids.record(pidFileName(), process); // now with what the command started, e.g. python under sh
        }
        readinessFailures = 0;
        livenessFailures = 0;
        nextReadinessNanos = nowNanos + seconds(readiness.probe().periodSeconds);
        nextLivenessNanos = Math.max(startedNanos + seconds(liveness.probe().initialDelaySeconds),
                nowNanos + seconds(liveness.probe().periodSeconds));
    }

    /** Whether a periodic readiness check is due. */
    boolean readinessDue(long nowNanos) {
        return nowNanos >= nextReadinessNanos;
    }

    /** Whether a periodic liveness check is due. */
    boolean livenessDue(long nowNanos) {
        return nowNanos >= nextLivenessNanos;
    }

    /**
     * Counts a periodic readiness result and schedules the next check.
     *
     * @return the failures in a row, 0 after a pass
     */
    int readinessResult(boolean passed, ProbeCheck readiness, long nowNanos) {
        nextReadinessNanos = nowNanos + seconds(readiness.probe().periodSeconds);
        readinessFailures = passed ? 0 : readinessFailures + 1;
        return readinessFailures;
    }

    /**
     * Counts a periodic liveness result and schedules the next check.
     *
     * @return the failures in a row, 0 after a pass
     */
    int livenessResult(boolean passed, ProbeCheck liveness, long nowNanos) {
        nextLivenessNanos = nowNanos + seconds(liveness.probe().periodSeconds);
        livenessFailures = passed ? 0 : livenessFailures + 1;
        return livenessFailures;
    }

    /** Claims the replica for one round of periodic checks; false while the previous round still runs. */
    boolean claimCheck() {
        return checking.compareAndSet(false, true);
    }

    /** Ends the round of checks {@link #claimCheck} claimed. */
    void checkDone() {
        checking.set(false);
    }

    /** Stops the process tree without ending it (SIGSTOP): it keeps its memory and costs no CPU. */
    void freeze() {
        signal("STOP");
    }

    /** Lets a frozen process tree run again (SIGCONT). */
    void thaw() {
        signal("CONT");
    }

    /** SIGTERM to the process tree so the function drains, then waits; kills what does not exit in time. */
    void terminate(Duration drainTimeout) {
        if (process == null) {
            return;
        }
        try {
            ProcessTree.terminate(process, drainTimeout.toMillis());
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            ProcessTree.kill(ProcessTree.of(process));
            Thread.currentThread().interrupt();
        }
    }

    /** Why it did not start, in words a developer can act on: the probe waited for and the end of its log. */
    String whyNotReady(ProbeCheck readiness, Duration deadline) {
        String why = process.isAlive()
                ? "did not pass readiness (" + readiness.description() + ") within " + deadline.toSeconds() + "s"
                : "exited with code " + process.exitValue() + " before it passed readiness (" + readiness.description() + ")";
        return why + "; " + LogTail.explain(logFile);
    }

    /** The last lines of this replica's output, to explain a failure. */
    String tail(int lines) {
        return LogTail.of(logFile, lines);
    }

    private void signal(String name) {
        try {
            ProcessTree.signal(process, name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + name + " to replica " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long seconds(Integer seconds) {
        return TimeUnit.SECONDS.toNanos(seconds == null ? 0 : seconds);
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
