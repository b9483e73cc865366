package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pod while the stand-in runs it: a worker thread pulls the image, starts the first container as a local process,
 * probes it, restarts it per restartPolicy and, when asked, stops it gracefully (preStop, SIGTERM, grace, SIGKILL).
 * Its state is read by the reconcile loop, which writes it to the API.
 */
final class RunningPod {

    private static final long FIRST_READINESS_POLL_MS = 100;

    final String namespace;
    final String name;
    final Pod pod;
    final String ownerUid;
    final String templateHash;
    final long sequence;
    final String ip;
    final Path dir;
    final Path log;
    private final Kubelet kubelet;
    private final Container container;
    private final Instant created = now();

    private Process process;
    private Instant startedAt;
    private int restarts;
    private boolean ready;
    private boolean terminating;
    private boolean stopRequested;
    private boolean finished;
    private String phase = "Pending";
    private String waitingReason = "ContainerCreating";
    private String waitingMessage;
    private Integer exitCode;
    private Instant finishedAt;
    private ContainerState lastState;
    private String imageDigest;
    /** When the pod's uid appeared in the API (so that a later absence means it was deleted there). */
    boolean seenInApi;

    RunningPod(Kubelet kubelet, Pod pod, String ownerUid, String templateHash, long sequence, String ip, Path dir) {
        this.kubelet = kubelet;
        this.pod = pod;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.ownerUid = ownerUid;
        this.templateHash = templateHash;
        this.sequence = sequence;
        this.ip = ip;
        this.dir = dir;
        this.log = dir.resolve("container.log");
        this.container = pod.getSpec().getContainers().get(0);
    }

    /** Starts the worker thread. */
    void start() {
        Thread worker = new Thread(this::run, "standin-pod-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    private void run() {
        try {
            Files.createDirectories(dir);
            ImageStore.Image image = pull();
            if (image == null) {
                return;
            }
            while (!isStopRequested()) {
                ProcessBuilder builder = prepare(image);
                if (builder == null) {
                    return;
                }
                if (!runOnce(builder)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            note("stand-in error: " + e);
            synchronized (this) {
                waitingReason = "RunContainerError";
                waitingMessage = e.toString();
            }
            kubelet.kick();
            waitForStop(Long.MAX_VALUE);
        } finally {
            terminateNow();
        }
    }

    /** Pulls the image, retrying with a back-off; null when stopped first. */
    private ImageStore.Image pull() {
        long backoff = 500;
        boolean first = true;
        while (!isStopRequested()) {
            try {
                ImageStore.Image image = kubelet.images().pull(container.getImage());
                synchronized (this) {
                    imageDigest = image.digest();
                }
                return image;
            } catch (ImageStore.PullException e) {
                note("image pull failed: " + e.getMessage());
                synchronized (this) {
                    waitingReason = first ? "ErrImagePull" : "ImagePullBackOff";
                    waitingMessage = first ? e.getMessage() : "Back-off pulling image \"" + container.getImage() + "\": " + e.getMessage();
                }
                kubelet.kick();
                if (first) {
                    first = false;
                    waitForStop(200);
                    synchronized (this) {
                        waitingReason = "ImagePullBackOff";
                        waitingMessage = "Back-off pulling image \"" + container.getImage() + "\": " + e.getMessage();
                    }
                    kubelet.kick();
                }
                waitForStop(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        return null;
    }

    /** The process to start, once the configuration it needs exists; null when stopped first. */
    private ProcessBuilder prepare(ImageStore.Image image) throws IOException {
        while (!isStopRequested()) {
            try {
                ProcessBuilder builder = new Launch(kubelet.client(), pod, container, image, ip, dir).prepare();
                builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                return builder;
            } catch (Launch.ConfigException e) {
                synchronized (this) {
                    waitingReason = "CreateContainerConfigError";
                    waitingMessage = e.getMessage();
                }
                kubelet.kick();
                waitForStop(1000);
            }
        }
        return null;
    }

    /** Runs the process once until it exits or a stop is asked; false when the pod is done. */
    private boolean runOnce(ProcessBuilder builder) throws IOException {
        note("starting: " + String.join(" ", builder.command()));
        Process started = builder.start();
        Probe readiness = container.getReadinessProbe();
        synchronized (this) {
            process = started;
            startedAt = now();
            phase = "Running";
            waitingReason = null;
            waitingMessage = null;
            ready = readiness == null;
        }
        kubelet.kick();
        probeUntilExit(started, readiness, container.getLivenessProbe());
        if (isStopRequested()) {
            return false;
        }
        int code = started.exitValue();
        note("exited with " + code);
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && code != 0);
        synchronized (this) {
            ready = false;
            process = null;
            if (!restart) {
                exitCode = code;
                finishedAt = now();
                phase = code == 0 ? "Succeeded" : "Failed";
            } else {
                // lastState is the termination before the current run, as the kubelet reports it.
                lastState = terminated(code, startedAt, now());
                restarts++;
                waitingReason = "CrashLoopBackOff";
                waitingMessage = "back-off restarting failed container " + container.getName();
            }
        }
        kubelet.kick();
        if (!restart) {
            waitForStop(Long.MAX_VALUE);
            return false;
        }
        waitForStop(Math.min(200L << Math.min(restarts - 1, 4), 3000));
        return true;
    }

    /**
     * Probes while the process runs. Readiness is polled every 100 ms until it first passes (to keep tests fast),
     * then every periodSeconds; liveness every periodSeconds after initialDelaySeconds; failing liveness restarts.
     */
    private void probeUntilExit(Process started, Probe readiness, Probe liveness) {
        long start = System.currentTimeMillis();
        long nextReadiness = start + delay(readiness);
        long nextLiveness = start + delay(liveness);
        int readyOk = 0;
        int readyFail = 0;
        int liveFail = 0;
        boolean passedOnce = false;
        while (started.isAlive() && !isStopRequested()) {
            long now = System.currentTimeMillis();
            if (readiness != null && now >= nextReadiness) {
                boolean ok = Probes.passes(readiness, container, ip);
                readyOk = ok ? readyOk + 1 : 0;
                readyFail = ok ? 0 : readyFail + 1;
                if (ok && readyOk >= threshold(readiness.getSuccessThreshold(), 1)) {
                    passedOnce = true;
                    setReady(true);
                } else if (!ok && readyFail >= threshold(readiness.getFailureThreshold(), 3)) {
                    setReady(false);
                }
                nextReadiness = System.currentTimeMillis() + (passedOnce ? period(readiness) : FIRST_READINESS_POLL_MS);
            }
            if (liveness != null && now >= nextLiveness) {
                boolean ok = Probes.passes(liveness, container, ip);
                liveFail = ok ? 0 : liveFail + 1;
                if (liveFail >= threshold(liveness.getFailureThreshold(), 3)) {
                    note("liveness probe failed " + liveFail + " times; restarting");
                    setReady(false);
                    stopProcess(started, grace());
                    return;
                }
                nextLiveness = System.currentTimeMillis() + period(liveness);
            }
            try {
                started.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void setReady(boolean value) {
        boolean changed;
        synchronized (this) {
            changed = ready != value;
            ready = value;
        }
        if (changed) {
            note(value ? "ready" : "not ready");
            kubelet.kick();
        }
    }

    /** Marks the pod terminating (not ready, endpoint terminating); the stop itself follows with {@link #requestStop}. */
    synchronized void markTerminating() {
        terminating = true;
    }

    /** Asks the worker to stop the pod gracefully. */
    synchronized void requestStop() {
        terminating = true;
        stopRequested = true;
        notifyAll();
    }

    /** SIGKILLs the current process, as a crash. */
    void kill() {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current != null) {
            note("killed (SIGKILL) on request");
            List<ProcessHandle> children = current.descendants().toList();
            current.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The graceful stop, on the worker thread: preStop hook, SIGTERM, the rest of the grace period, SIGKILL. */
    private void terminateNow() {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current != null && current.isAlive()) {
            long grace = grace();
            long began = System.currentTimeMillis();
            preStop(grace);
            long left = Math.max(grace - (System.currentTimeMillis() - began), 2000);
            stopProcess(current, left);
        }
        synchronized (this) {
            if (current != null) {
                if (exitCode == null && !current.isAlive()) {
                    exitCode = current.exitValue();
                }
                finishedAt = now();
                process = null;
            }
            ready = false;
            finished = true;
        }
        kubelet.kick();
    }

    /** SIGTERM to the process and its descendants (a container's processes all get it), SIGKILL after the grace. */
    private void stopProcess(Process current, long graceMs) {
        note("SIGTERM");
        List<ProcessHandle> children = current.descendants().toList();
        current.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!current.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                note("still running after the grace period: SIGKILL");
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
    private void preStop(long graceMs) {
        if (container.getLifecycle() == null || container.getLifecycle().getPreStop() == null) {
            return;
        }
        LifecycleHandler hook = container.getLifecycle().getPreStop();
        long seconds = -1;
        if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
            seconds = hook.getSleep().getSeconds();
        } else if (hook.getExec() != null && hook.getExec().getCommand() != null) {
            String line = String.join(" ", hook.getExec().getCommand());
            Matcher m = Pattern.compile("(?:^|\\s|/)sleep\\s+(\\d+)").matcher(line);
            if (m.find()) {
                seconds = Long.parseLong(m.group(1));
            }
        }
        if (seconds > 0) {
            note("preStop: sleep " + seconds + "s");
            sleepUninterrupted(Math.min(seconds * 1000, graceMs));
        }
    }

    private long grace() {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return (seconds == null ? 30 : seconds) * 1000;
    }

    private static long delay(Probe probe) {
        return probe == null || probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds() * 1000L;
    }

    private static long period(Probe probe) {
        return (probe.getPeriodSeconds() == null || probe.getPeriodSeconds() < 1 ? 10 : probe.getPeriodSeconds()) * 1000L;
    }

    private static int threshold(Integer value, int byDefault) {
        return value == null || value < 1 ? byDefault : value;
    }

    private synchronized boolean isStopRequested() {
        return stopRequested;
    }

    private synchronized void waitForStop(long millis) {
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        while (!stopRequested) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.min(left, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepUninterrupted(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A line in the pod's log, marked as the stand-in's. */
    void note(String line) {
        try {
            Files.writeString(log, "[standin " + now() + "] " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized boolean isReady() {
        return ready && !terminating;
    }

    synchronized boolean isServing() {
        return ready;
    }

    synchronized boolean isTerminating() {
        return terminating;
    }

    synchronized boolean isStopping() {
        return stopRequested;
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /** Whether the container ran to its end (Job pods): Succeeded or Failed. */
    synchronized boolean hasEnded() {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    synchronized String phase() {
        return phase;
    }

    synchronized String waitingReason() {
        return waitingReason;
    }

    synchronized String waitingMessage() {
        return waitingMessage;
    }

    synchronized Integer exitCode() {
        return exitCode;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    synchronized int restarts() {
        return restarts;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    Instant created() {
        return created;
    }

    Map<String, String> labels() {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    Container container() {
        return container;
    }

    /** What the API should say about this pod now. */
    synchronized PodStatus status() {
        boolean podReady = ready && !terminating;
        String at = stamp(created);
        ContainerState state;
        if (process != null) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(stamp(startedAt)).endRunning().build();
        } else if (exitCode != null) {
            state = terminated(exitCode, startedAt, finishedAt);
        } else {
            state = new ContainerStateBuilder().withNewWaiting().withReason(waitingReason == null ? "ContainerCreating" : waitingReason)
                    .withMessage(waitingMessage).endWaiting().build();
        }
        ContainerStatus containerStatus = new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(imageDigest == null ? "" : imageDigest)
                .withContainerID(process == null ? null : "standin://" + process.pid())
                .withReady(podReady)
                .withStarted(process != null)
                .withRestartCount(restarts)
                .withState(state)
                .withLastState(lastState == null ? new ContainerState() : lastState)
                .build();
        return new PodStatusBuilder()
                .withPhase(phase)
                .withHostIP("127.0.0.1")
                .withPodIP(ip)
                .withPodIPs(new PodIP(ip))
                .withStartTime(at)
                .withConditions(
                        condition("PodScheduled", true, at),
                        condition("Initialized", true, at),
                        condition("ContainersReady", podReady, null),
                        condition("Ready", podReady, null))
                .withContainerStatuses(containerStatus)
                .build();
    }

    private static PodCondition condition(String type, boolean status, String at) {
        PodCondition condition = new PodCondition();
        condition.setType(type);
        condition.setStatus(status ? "True" : "False");
        condition.setLastTransitionTime(at);
        return condition;
    }

    private static ContainerState terminated(int code, Instant started, Instant finished) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error")
                .withStartedAt(started == null ? null : stamp(started))
                .withFinishedAt(finished == null ? null : stamp(finished))
                .endTerminated().build();
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static String stamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** For {@link Kubelet#pods}. */
    PodProcess view() {
        return new PodProcess(namespace, name, ip, labels(), isReady(), restarts(), pid());
    }

    List<String> describe() {
        return List.of(namespace + "/" + name + " ip=" + ip + " phase=" + phase() + " ready=" + isReady() + " restarts="
                + restarts() + " waiting=" + waitingReason() + " " + (waitingMessage() == null ? "" : waitingMessage())
                + " log=" + log);
    }
}
