package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the stand-in stops a container's process, as a kubelet does: the preStop hook, SIGTERM to the process and
 * its descendants, the rest of the grace period, SIGKILL. Each step is written to the pod's log through {@code note}.
 */
final class GracefulStop {

    private static final Pattern SLEEP = Pattern.compile("(?:^|\\s|/)sleep\\s+(\\d+)");

    private GracefulStop() {
    }

    /** The pod's terminationGracePeriodSeconds in milliseconds; 30 s when unset. */
    static long graceMs(Pod pod) {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return (seconds == null ? 30 : seconds) * 1000;
    }

    /** SIGTERM to the process and its descendants (a container's processes all get it), SIGKILL after the grace. */
    static void stopProcess(Process current, long graceMs, Consumer<String> note) {
        note.accept("SIGTERM");
        List<ProcessHandle> children = current.descendants().toList();
        current.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!current.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                note.accept("still running after the grace period: SIGKILL");
                current.destroyForcibly();
                current.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Runs lifecycle.preStop: a sleep (the sleep action, or exec {@code sleep N}); other hooks are not emulated. */
    static void preStop(Container container, long graceMs, Consumer<String> note) {
        if (container.getLifecycle() == null || container.getLifecycle().getPreStop() == null) {
            return;
        }
        LifecycleHandler hook = container.getLifecycle().getPreStop();
        long seconds = -1;
        if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
            seconds = hook.getSleep().getSeconds();
        } else if (hook.getExec() != null && hook.getExec().getCommand() != null) {
            Matcher m = SLEEP.matcher(String.join(" ", hook.getExec().getCommand()));
            if (m.find()) {
                seconds = Long.parseLong(m.group(1));
            }
        }
        if (seconds > 0) {
            note.accept("preStop: sleep " + seconds + "s");
            sleepUninterrupted(Math.min(seconds * 1000, graceMs));
        }
    }

    private static void sleepUninterrupted(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
