package dev.quiver.runtime.local;

import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The platform of {@code quiver dev}: each replica of a revision is a child process ({@code java -jar} of the
 * revision's Quarkus app) on a free loopback port. Revisions must be {@link #register registered} with how to
 * launch them before they can be scaled.
 */
public final class LocalPlatform implements Platform, AutoCloseable {

    /** How often due probes are looked for; each replica is checked every periodSeconds of its probes. */
    private static final long HEALTH_INTERVAL_MILLIS = 200;
    private static final int LOG_TAIL_BYTES = 256 * 1024;

    private final LocalSettings settings;
    private final Map<RevisionRef, RevisionReplicas> revisions = new ConcurrentHashMap<>();
    private final List<Consumer<RevisionRef>> endpointListeners = new CopyOnWriteArrayList<>();
    private final List<ReplicaListener> replicaListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor;
    private final ReplicaPidFiles pids;
    private final RevisionReplicas.PlatformEvents events = new RevisionReplicas.PlatformEvents() {
        @Override
        public void endpointsChanged(RevisionRef ref) {
            endpointListeners.forEach(listener -> listener.accept(ref));
        }

        @Override
        public void replicaReady(RevisionRef ref) {
            replicaListeners.forEach(listener -> listener.replicaReady(ref));
        }

        @Override
        public void replicaFailed(RevisionRef ref, String message) {
            replicaListeners.forEach(listener -> listener.replicaFailed(ref, message));
        }
    };

    /**
     * A platform that runs replicas as the settings say. It first ends the replicas that an earlier run on the same
     * functions folder left running (a runtime killed with SIGKILL cannot stop them): {@link ReplicaPidFiles}.
     */
    public LocalPlatform(LocalSettings settings) {
        this.settings = settings;
        this.pids = ReplicaPidFiles.of(settings);
        pids.sweep();
        // Start-ups block on readiness polls and drains on exits, so threads are plenty rather than few.
        this.executor = Executors.newScheduledThreadPool(16, daemonThreads());
        executor.scheduleWithFixedDelay(this::housekeeping, HEALTH_INTERVAL_MILLIS, HEALTH_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** The settings it runs with. */
    public LocalSettings settings() {
        return settings;
    }

    /** Makes a revision known: how its replicas start. Registering it again changes nothing. */
    public void register(LaunchSpec spec) {
        revisions.computeIfAbsent(spec.ref(), ref -> new RevisionReplicas(spec, settings, executor, events, pids));
    }

    /** Stops every replica of a revision (draining) and forgets it. */
    public void unregister(RevisionRef ref) {
        RevisionReplicas replicas = revisions.remove(ref);
        if (replicas != null) {
            executor.execute(replicas::shutdown);
        }
    }

    /** Whether the revision is registered. */
    public boolean knows(RevisionRef ref) {
        return revisions.containsKey(ref);
    }

    /** How the revision's processes start, if it is registered: what a job runner launches once per event. */
    public Optional<LaunchSpec> launchSpec(RevisionRef ref) {
        return Optional.ofNullable(revisions.get(ref)).map(RevisionReplicas::spec);
    }

    /** Hears when replicas pass or fail readiness. */
    public void addReplicaListener(ReplicaListener listener) {
        replicaListeners.add(listener);
    }

    @Override
    public List<Endpoint> readyEndpoints(RevisionRef revision) {
        RevisionReplicas replicas = revisions.get(revision);
        return replicas == null ? List.of() : replicas.readyEndpoints();
    }

    @Override
    public void scale(RevisionRef revision, int replicas) {
        find(revision).scale(replicas);
    }

    @Override
    public void wake(RevisionRef revision) {
        find(revision).wake();
    }

    @Override
    public int desiredReplicas(RevisionRef revision) {
        RevisionReplicas replicas = revisions.get(revision);
        return replicas == null ? 0 : replicas.desired();
    }

    /** Replicas of the revision kept frozen for a fast resume. */
    public int frozenReplicas(RevisionRef revision) {
        RevisionReplicas replicas = revisions.get(revision);
        return replicas == null ? 0 : replicas.frozenCount();
    }

    @Override
    public void addEndpointsListener(Consumer<RevisionRef> listener) {
        endpointListeners.add(listener);
    }

    /**
     * The output of the revision's replicas, oldest replica first, each under a header line; the tail of each
     * file when it is long.
     */
    public Optional<String> logs(RevisionRef revision) {
        RevisionReplicas replicas = revisions.get(revision);
        if (replicas == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (Path file : replicas.logFiles()) {
            if (Files.isRegularFile(file)) {
                text.append("==> ").append(file.getFileName()).append(" <==\n").append(tail(file)).append('\n');
            }
        }
        return Optional.of(text.toString());
    }

    private static String tail(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private RevisionReplicas find(RevisionRef revision) {
        RevisionReplicas replicas = revisions.get(revision);
        if (replicas == null) {
            throw new IllegalArgumentException("revision " + revision + " is not registered with the local platform");
        }
        return replicas;
    }

    private void housekeeping() {
        long now = System.nanoTime();
        for (RevisionReplicas replicas : revisions.values()) {
            replicas.expireFrozen(now);
            replicas.checkHealth(now);
        }
    }

    /** Drains and stops every replica, waiting until all have exited. */
    @Override
    public void close() {
        revisions.values().parallelStream().forEach(RevisionReplicas::shutdown);
        revisions.clear();
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "quiver-local-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
