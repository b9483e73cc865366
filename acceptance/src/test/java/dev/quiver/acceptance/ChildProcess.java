package dev.quiver.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the suite started (runtime, controller, nats-server, registry), its output appended to a log file;
 * stopping it sends SIGTERM, waits, then kills it and anything it left behind.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private ChildProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a command.
     *
     * @param name what it is, for messages
     * @param command the command line
     * @param env environment variables added to this JVM's
     * @param log where its output goes (appended)
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new ChildProcess(name, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Whether it still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** Its process id. */
    long pid() {
        return process.pid();
    }

    /** The process. */
    Process process() {
        return process;
    }

    /** Its log file. */
    Path log() {
        return log;
    }

    /** The last lines of its log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return name + " log (" + log + "), last lines:\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log of " + name + ": " + e.getMessage() + ")";
        }
    }

    /** Throws with its log when it exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + "\n" + logTail(80));
        }
    }

    /** SIGTERM, up to 30 s to finish, then SIGKILL for it and its descendants. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
