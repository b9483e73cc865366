package dev.quiver.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A pid file per running replica, under the work folder (one folder per functions folder), so that no replica outlives
 * a runtime that was killed: the next runtime on the same folder {@link #sweep ends} what the files name. Each file
 * names the runtime that wrote it and the replica's processes (its command and, once it serves, what that started),
 * each by pid and start time, so a pid the system has since given to another process is left alone.
 */
final class ReplicaPidFiles {

    private static final Logger LOG = Logger.getLogger(ReplicaPidFiles.class);
    private static final String SUFFIX = ".pid";
    private static final long TERM_WAIT_MILLIS = 5_000;

    private final Path dir;
    private final ProcessHandle owner;

    /** Pid files in the folder, written by this process. */
    ReplicaPidFiles(Path dir) {
        this(dir, ProcessHandle.current());
    }

    /** Pid files in the folder, naming {@code owner} as the runtime that wrote them. */
    ReplicaPidFiles(Path dir, ProcessHandle owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /** The pid files of the settings' functions folder: {@code <work>/pids/<folder key>}. */
    static ReplicaPidFiles of(LocalSettings settings) {
        return new ReplicaPidFiles(settings.workDir().resolve("pids").resolve(StateFile.keyOf(settings.functionsDir())));
    }

    /** Writes (or rewrites, with what it has started since) the pid file of a running replica. */
    void record(String name, Process process) {
        StringBuilder text = new StringBuilder("owner=").append(describe(owner)).append('\n');
        ProcessTree.of(process).forEach(handle -> text.append("process=").append(describe(handle)).append('\n'));
        try {
            StateFile.write(file(name), text.toString());
        } catch (IOException e) {
            LOG.warnf("cannot write the pid file of %s (it would not be ended after a crash of the runtime): %s", name, e);
        }
    }

    /** Deletes a replica's pid file: it has exited. */
    void forget(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", file(name), e);
        }
    }

    /**
     * Ends the processes of replicas that a runtime no longer alive left behind: SIGCONT (a frozen one only sees
     * SIGTERM once it runs), SIGTERM, and SIGKILL for what has not exited a few seconds later. Their files go.
     *
     * @return how many processes it ended
     */
    int sweep() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Set<ProcessHandle> left = new LinkedHashSet<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(dir)) {
            all.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(files::add);
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", dir, e);
            return 0;
        }
        for (Path file : files) {
            try {
                List<String> lines = Files.readAllLines(file);
                boolean ownerAlive = lines.stream().filter(l -> l.startsWith("owner=")).findFirst()
                        .flatMap(l -> alive(l.substring(6))).isPresent();
                if (ownerAlive) {
                    continue; // a runtime that still runs owns it
                }
                for (String line : lines) {
                    if (line.startsWith("process=")) {
                        alive(line.substring(8)).ifPresent(handle -> {
                            left.add(handle);
                            handle.descendants().filter(ProcessHandle::isAlive).forEach(left::add);
                        });
                    }
                }
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("cannot read the replica pid file %s: %s", file, e);
            }
        }
        if (!left.isEmpty()) {
            LOG.warnf("ending %d function processes that a previous run of the runtime left behind: %s", left.size(),
                    left.stream().map(h -> Long.toString(h.pid())).toList());
            end(List.copyOf(left));
        }
        return left.size();
    }

    private static void end(List<ProcessHandle> processes) {
        try {
            ProcessTree.signal(processes, "CONT");
        } catch (IOException e) {
            LOG.debugf("SIGCONT failed: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes.forEach(ProcessHandle::destroy);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERM_WAIT_MILLIS);
        for (ProcessHandle handle : processes) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            handle.onExit().completeOnTimeout(handle, left, TimeUnit.NANOSECONDS).join();
        }
        ProcessTree.kill(processes);
    }

    /** "pid startMillis" of a process; start -1 when the system does not say. */
    private static String describe(ProcessHandle handle) {
        return handle.pid() + " " + startMillis(handle);
    }

    /** The live process a "pid startMillis" describes; empty when it has exited or the pid is now another's. */
    private static Optional<ProcessHandle> alive(String described) {
        String[] parts = described.trim().split(" ");
        long start = Long.parseLong(parts[1]);
        return ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive)
                .filter(handle -> startMillis(handle) == start);
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(-1L);
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }
}
