package dev.quiver.runtime.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A replica's process with everything it started: a {@code run:} command runs under {@code sh -c}, whose children
 * (node, python) must stop, freeze and end with it. The descendants are looked up at each signal, before the parent
 * is signalled, since an orphan is no longer anyone's descendant.
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    /** The process and its live descendants, children first (so the shell is not left to reap a half-killed tree). */
    public static List<ProcessHandle> of(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().filter(ProcessHandle::isAlive).toList());
        all.add(process.toHandle());
        return all;
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, {@code TERM}) to the whole tree through {@code kill}. */
    static void signal(Process process, String name) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        signal(of(process), name);
    }

    /** Sends a signal to each of the processes through {@code kill} (processes gone by then are skipped by it). */
    static void signal(List<ProcessHandle> processes, String name) throws IOException, InterruptedException {
        if (processes.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        processes.forEach(handle -> command.add(Long.toString(handle.pid())));
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    /**
     * SIGTERM to the tree (and SIGCONT, since a frozen process only sees SIGTERM once it runs again), then waits up
     * to the timeout for all of it to exit; what is left is killed.
     */
    static void terminate(Process process, long timeoutMillis) throws InterruptedException {
        List<ProcessHandle> tree = of(process);
        tree.forEach(ProcessHandle::destroy);
        try {
            signal(process, "CONT");
        } catch (IOException e) {
            // Not frozen, or already gone: SIGTERM alone does.
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (ProcessHandle handle : tree) {
            long left = end - System.nanoTime();
            if (left <= 0 || !waitFor(handle, left)) {
                break;
            }
        }
        kill(tree);
    }

    /** SIGKILL to every process of the tree still alive. */
    public static void kill(List<ProcessHandle> tree) {
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean waitFor(ProcessHandle handle, long nanos) throws InterruptedException {
        try {
            handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
