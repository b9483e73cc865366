package dev.quiver.cli.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The runtime's output as {@code quiver dev} shows it: copied line by line to the terminal, its last lines kept, so
 * that when the runtime dies the message says how ({@link #exitMessage}) rather than the command ending in silence.
 */
public final class RuntimeOutput {

    /** The lines an exit message quotes. */
    public static final int TAIL_LINES = 20;

    private final Deque<String> last = new ArrayDeque<>();
    private final List<Thread> pumps;

    private RuntimeOutput(Process runtime, PrintStream out, PrintStream err) {
        this.pumps = List.of(pump(runtime.getInputStream(), out, "quiver-dev-out"),
                pump(runtime.getErrorStream(), err, "quiver-dev-err"));
        pumps.forEach(Thread::start);
    }

    /** Copies the runtime's stdout and stderr (started with pipes, not inherited) to these streams from now on. */
    public static RuntimeOutput follow(Process runtime, PrintStream out, PrintStream err) {
        return new RuntimeOutput(runtime, out, err);
    }

    private Thread pump(InputStream from, PrintStream to, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    to.println(line);
                    to.flush();
                    remember(line);
                }
            } catch (IOException e) {
                // The runtime is gone: nothing more to copy.
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    private synchronized void remember(String line) {
        last.addLast(line);
        if (last.size() > TAIL_LINES) {
            last.removeFirst();
        }
    }

    /** The last lines the runtime wrote, oldest first, once it has exited and they are all read (or after 2 s). */
    public List<String> lastLines() throws InterruptedException {
        for (Thread pump : pumps) {
            pump.join(2_000);
        }
        synchronized (this) {
            return List.copyOf(last);
        }
    }

    /**
     * What {@code quiver dev} says when the runtime exits on its own: its status (and the signal, for a status over
     * 128), whether its functions had been ready, and its last lines.
     */
    public static String exitMessage(int status, boolean whileServing, List<String> lastLines) {
        StringBuilder text = new StringBuilder("Error: the Quiver runtime exited (status ").append(status);
        if (status > 128 && status < 160) {
            text.append(", killed by signal ").append(signalName(status - 128));
        }
        text.append(whileServing ? ") while serving your functions; they are no longer served."
                : ") before its functions were ready.");
        if (lastLines.isEmpty()) {
            text.append(" It wrote nothing.");
        } else {
            text.append(" Its last lines:");
            lastLines.forEach(line -> text.append("\n  ").append(line));
        }
        return text.toString();
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL (e.g. kill -9, or the system's out-of-memory killer)";
            case 15 -> "SIGTERM";
            default -> Integer.toString(signal);
        };
    }
}
