package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One pod while the stand-in runs it: a worker thread pulls the image, starts the first container as a local process,
 * probes it, restarts it per restartPolicy and, when asked, stops it gracefully (preStop, SIGTERM, grace, SIGKILL).
 * Its state is read by the reconcile loop, which writes it to the API.
 */
final class RunningPod {

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
    private final Instant created = PodStatuses.now();

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
            waiting("RunContainerError", e.toString());
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
                String backOff = "Back-off pulling image \"" + container.getImage() + "\": " + e.getMessage();
                waiting(first ? "ErrImagePull" : "ImagePullBackOff", first ? e.getMessage() : backOff);
                if (first) {
                    first = false;
                    waitForStop(200);
                    waiting("ImagePullBackOff", backOff);
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
                waiting("CreateContainerConfigError", e.getMessage());
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
            startedAt = PodStatuses.now();
            phase = "Running";
            waitingReason = null;
            waitingMessage = null;
            ready = readiness == null;
        }
        kubelet.kick();
        new ProbeLoop(this, container, ip).untilExit(started, readiness, container.getLivenessProbe(), grace());
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
                finishedAt = PodStatuses.now();
                phase = code == 0 ? "Succeeded" : "Failed";
            } else {
                // lastState is the termination before the current run, as the kubelet reports it.
                lastState = PodStatuses.terminated(code, startedAt, PodStatuses.now());
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

    /** Reports why the container is not running: its waiting reason and message. */
    private void waiting(String reason, String message) {
        synchronized (this) {
            waitingReason = reason;
            waitingMessage = message;
        }
        kubelet.kick();
    }

    /** Sets the pod ready or not; a change is written to its log and reported at once. */
    void setReady(boolean value) {
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
            GracefulStop.preStop(container, grace, this::note);
            long left = Math.max(grace - (System.currentTimeMillis() - began), 2000);
            GracefulStop.stopProcess(current, left, this::note);
        }
        synchronized (this) {
            if (current != null) {
                if (exitCode == null && !current.isAlive()) {
                    exitCode = current.exitValue();
                }
                finishedAt = PodStatuses.now();
                process = null;
            }
            ready = false;
            finished = true;
        }
        kubelet.kick();
    }

    private long grace() {
        return GracefulStop.graceMs(pod);
    }

    synchronized boolean isStopRequested() {
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

    /** A line in the pod's log, marked as the stand-in's. */
    void note(String line) {
        try {
            Files.writeString(log, "[standin " + PodStatuses.now() + "] " + line + "\n", StandardCharsets.UTF_8,
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
        ContainerState state;
        if (process != null) {
            state = PodStatuses.running(startedAt);
        } else if (exitCode != null) {
            state = PodStatuses.terminated(exitCode, startedAt, finishedAt);
        } else {
            state = PodStatuses.waiting(waitingReason, waitingMessage);
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
        return PodStatuses.pod(phase, ip, created, podReady, containerStatus);
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
