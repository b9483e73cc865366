package dev.quiver.runtime.local;

import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.RevisionRef;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The replicas of one revision, kept at the count asked for: starts, restarts after crashes (with backoff),
 * freezes the last one when scaled to zero inside the retention period, and drains the ones it stops. Once a
 * replica has passed readiness, the revision's probes ({@link LaunchSpec#probes}) are checked every periodSeconds:
 * failing readiness failureThreshold times in a row takes it out of routing until it passes again, failing liveness
 * that often restarts it (killed and replaced, with the crash backoff). Liveness is not checked before the first
 * readiness pass, so a slow first start is judged by the readiness deadline alone.
 * Every state change happens under this object's lock; slow work (start-up, probes, drain) runs on the executor.
 */
final class RevisionReplicas {

    private static final Logger LOG = Logger.getLogger(RevisionReplicas.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE_AFTER = Duration.ofSeconds(10);

    private final LaunchSpec spec;
    private final LocalSettings settings;
    private final ScheduledExecutorService executor;
    private final PlatformEvents events;
    private final ProbeCheck readiness;
    private final ProbeCheck liveness;
    private final ReplicaPidFiles pids;
    private final List<Replica> live = new ArrayList<>();
    private final Deque<Replica> frozen = new ArrayDeque<>();
    private final Set<Replica> stopping = new HashSet<>();
    /** Set by shutdown: replicas that exit from then on were stopped by us (or by the same signal), not crashed. */
    private boolean shuttingDown;
    private volatile List<Endpoint> ready = List.of();
    private int desired;
    /** The first replica's index: one past the last log file of the revision, so no run appends to an older log. */
    private final int firstId;
    private int nextId;
    private int crashes;
    private long restartNotBeforeNanos;
    private long lastReadyNanos;
    private boolean restartScheduled;

    /** What a revision tells its platform. */
    interface PlatformEvents {
        void endpointsChanged(RevisionRef ref);

        void replicaReady(RevisionRef ref);

        void replicaFailed(RevisionRef ref, String message);
    }

    RevisionReplicas(LaunchSpec spec, LocalSettings settings, ScheduledExecutorService executor, PlatformEvents events,
            ReplicaPidFiles pids) {
        this.spec = spec;
        this.settings = settings;
        this.executor = executor;
        this.events = events;
        this.readiness = ProbeCheck.of(spec.probes().readiness());
        this.liveness = ProbeCheck.of(spec.probes().liveness());
        this.pids = pids;
        this.firstId = Replica.nextLogIndex(spec.logDir(), spec.ref().revision());
        this.nextId = firstId;
    }

    LaunchSpec spec() {
        return spec;
    }

    List<Endpoint> readyEndpoints() {
        return ready;
    }

    synchronized int desired() { return desired; }

    synchronized int frozenCount() { return frozen.size(); }

    synchronized void scale(int replicas) {
        desired = Math.max(0, replicas);
        reconcile();
    }

    synchronized void wake() {
        if (desired == 0) {
            desired = 1;
            reconcile();
        }
    }

    /** Brings the live replicas to the desired count: thaw frozen ones first, then start new ones; or stop some. */
    private void reconcile() {
        while (live.size() < desired) {
            if (!frozen.isEmpty()) {
                resume(frozen.pollLast());
            } else if (System.nanoTime() < restartNotBeforeNanos) {
                scheduleRestart();
                break;
            } else {
                launch();
            }
        }
        while (live.size() > desired) {
            // Stop a replica that is still starting before one that serves.
            Replica victim = live.stream().filter(r -> r.state() != Replica.State.READY).reduce((a, b) -> b)
                    .orElse(live.get(live.size() - 1));
            live.remove(victim);
            boolean lastOne = desired == 0 && live.isEmpty();
            if (lastOne && victim.state() == Replica.State.READY && !settings.retention().isZero()) {
                freezeLater(victim);
            } else {
                drain(victim);
            }
        }
        publishEndpoints();
    }

    private void launch() {
        Replica replica = new Replica(nextId, FreePorts.pick(), logFile(nextId), pids);
        nextId++;
        live.add(replica);
        executor.execute(() -> startAndAwait(replica));
    }

    private Path logFile(int id) {
        return Replica.logFile(spec.logDir(), spec.ref().revision(), id);
    }

    private void startAndAwait(Replica replica) {
        try {
            replica.start(spec, settings.java());
        } catch (IOException e) {
            startFailed(replica, "cannot start " + spec.command(settings.java()) + ": " + e.getMessage());
            return;
        }
        replica.process().onExit().thenRun(() -> exited(replica));
        boolean ok = replica.awaitReady(readiness, settings.readinessDeadline(), () -> abandoned(replica));
        if (ok) {
            becameReady(replica);
        } else if (stillLive(replica)) {
            startFailed(replica, spec.ref().revision() + " " + replica + " " + replica.whyNotReady(readiness, settings.readinessDeadline()));
        }
    }

    private synchronized boolean abandoned(Replica replica) {
        return !live.contains(replica);
    }

    private synchronized boolean stillLive(Replica replica) {
        return live.contains(replica);
    }

    private void becameReady(Replica replica) {
        synchronized (this) {
            if (!live.contains(replica)) {
                return;
            }
            replica.state(Replica.State.READY);
            lastReadyNanos = System.nanoTime();
            replica.passedReadiness(readiness, liveness, lastReadyNanos);
            publishEndpoints();
        }
        LOG.debugf("%s %s is ready", spec.ref(), replica);
        events.replicaReady(spec.ref());
    }

    private void startFailed(Replica replica, String message) {
        synchronized (this) {
            live.remove(replica);
            noteCrash();
            replica.state(Replica.State.STOPPING);
            stopping.add(replica);
            executor.execute(() -> stop(replica));
            reconcile();
        }
        LOG.warn(message);
        events.replicaFailed(spec.ref(), message);
    }

    /** The process ended on its own: a crash unless we stopped it. */
    private void exited(Replica replica) {
        synchronized (this) {
            Replica.State state = replica.state();
            if (shuttingDown || state == Replica.State.STOPPING || state == Replica.State.STOPPED || state == Replica.State.STARTING) {
                // Stops are ours; a start that fails is reported by startAndAwait.
                return;
            }
            live.remove(replica);
            frozen.remove(replica);
            replica.state(Replica.State.STOPPED);
            noteCrash();
            LOG.warnf("%s %s exited with code %d; restarting it", spec.ref(), replica, replica.process().exitValue());
            reconcile();
        }
    }

    private void noteCrash() {
        if (System.nanoTime() - lastReadyNanos > STABLE_AFTER.toNanos() || crashes == 0) {
            crashes = Math.min(crashes + 1, 6);
        }
        long backoffMillis = Math.min(MAX_BACKOFF.toMillis(), 500L << (crashes - 1));
        restartNotBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
    }

    private void scheduleRestart() {
        if (restartScheduled) {
            return;
        }
        restartScheduled = true;
        long delay = Math.max(0, restartNotBeforeNanos - System.nanoTime());
        executor.schedule(() -> {
            synchronized (this) {
                restartScheduled = false;
                reconcile();
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    /** Out of routing at once; frozen after the drain delay, unless a request wakes it first. */
    private void freezeLater(Replica replica) {
        replica.state(Replica.State.FREEZING);
        replica.frozenAt(System.nanoTime());
        frozen.addLast(replica);
        executor.schedule(() -> {
            synchronized (this) {
                if (replica.state() == Replica.State.FREEZING) {
                    replica.freeze();
                    replica.state(Replica.State.FROZEN);
                }
            }
        }, settings.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Back to serving: a frozen replica gets SIGCONT and one readiness check. */
    private void resume(Replica replica) {
        live.add(replica);
        if (replica.state() == Replica.State.FREEZING) {
            replica.state(Replica.State.READY);
            return;
        }
        replica.state(Replica.State.STARTING);
        executor.execute(() -> {
            replica.thaw();
            if (replica.awaitReady(readiness, settings.readinessDeadline(), () -> abandoned(replica))) {
                becameReady(replica);
            } else if (stillLive(replica)) {
                startFailed(replica, spec.ref().revision() + " " + replica + " did not become ready after resume: "
                        + replica.whyNotReady(readiness, settings.readinessDeadline()));
            }
        });
    }

    /** Frozen replicas kept longer than the retention period end now. */
    synchronized void expireFrozen(long nowNanos) {
        frozen.removeIf(replica -> {
            if (nowNanos - replica.frozenAtNanos() < settings.retention().toNanos()) {
                return false;
            }
            drain(replica);
            return true;
        });
    }

    /** Starts the periodic checks that are due; each replica's round runs on the executor, one at a time. */
    void checkHealth(long nowNanos) {
        List<Replica> due;
        synchronized (this) {
            due = live.stream().filter(r -> r.everReady())
                    .filter(r -> r.state() == Replica.State.READY || r.state() == Replica.State.UNREADY)
                    .filter(r -> r.readinessDue(nowNanos) || r.livenessDue(nowNanos)).toList();
        }
        for (Replica replica : due) {
            if (replica.claimCheck()) {
                executor.execute(() -> {
                    try {
                        probe(replica);
                    } finally {
                        replica.checkDone();
                    }
                });
            }
        }
    }

    /** One round of periodic checks: readiness moves the replica in or out of routing, liveness restarts it. */
    private void probe(Replica replica) {
        long now = System.nanoTime();
        boolean checkReadiness;
        boolean checkLiveness;
        synchronized (this) {
            checkReadiness = replica.readinessDue(now);
            checkLiveness = replica.livenessDue(now);
        }
        Boolean ready = checkReadiness ? replica.passes(readiness) : null;
        Boolean alive = checkLiveness ? replica.passes(liveness) : null;
        synchronized (this) {
            Replica.State state = replica.state();
            if (!live.contains(replica) || (state != Replica.State.READY && state != Replica.State.UNREADY)
                    || !replica.process().isAlive()) {
                return;
            }
            if (alive != null && replica.livenessResult(alive, liveness, now) >= liveness.probe().failureThreshold) {
                restartUnhealthy(replica);
                return;
            }
            if (ready == null) {
                return;
            }
            int failures = replica.readinessResult(ready, readiness, now);
            if (ready && state == Replica.State.UNREADY) {
                LOG.infof("%s %s passes readiness (%s) again; back in routing", spec.ref(), replica, readiness);
                replica.state(Replica.State.READY);
                publishEndpoints();
            } else if (!ready && state == Replica.State.READY && failures >= readiness.probe().failureThreshold) {
                LOG.warnf("%s %s failed readiness (%s) %d times in a row; out of routing until it passes", spec.ref(),
                        replica, readiness, failures);
                replica.state(Replica.State.UNREADY);
                publishEndpoints();
            }
        }
    }

    /** Liveness failed failureThreshold times in a row: out of routing, stopped, replaced (after the crash backoff). */
    private void restartUnhealthy(Replica replica) {
        LOG.warnf("%s %s failed liveness (%s) %d times in a row; restarting it. %s", spec.ref(), replica, liveness,
                liveness.probe().failureThreshold, LogTail.explain(replica.logFile()));
        live.remove(replica);
        noteCrash();
        replica.state(Replica.State.STOPPING);
        stopping.add(replica);
        executor.execute(() -> stop(replica));
        reconcile();
    }

    /** Out of routing now; SIGTERM after the drain delay so requests already on their way still connect. */
    private void drain(Replica replica) {
        replica.state(Replica.State.STOPPING);
        stopping.add(replica);
        executor.schedule(() -> stop(replica), settings.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stop(Replica replica) {
        replica.state(Replica.State.STOPPING);
        replica.terminate(settings.drainTimeout());
        replica.state(Replica.State.STOPPED);
        synchronized (this) {
            stopping.remove(replica);
        }
    }

    /** Stops every replica and waits until they have exited. */
    void shutdown() {
        List<Replica> all;
        synchronized (this) {
            shuttingDown = true;
            desired = 0;
            all = new ArrayList<>(live);
            all.addAll(frozen);
            all.addAll(stopping);
            live.clear();
            frozen.clear();
            all.forEach(r -> r.state(Replica.State.STOPPING));
            publishEndpoints();
        }
        all.parallelStream().forEach(this::stop);
    }

    /** The log files of every replica this revision ran in this run of the runtime, oldest first. */
    List<Path> logFiles() {
        List<Path> files = new ArrayList<>();
        for (int id = firstId; id < nextId; id++) {
            files.add(logFile(id));
        }
        return files;
    }

    private void publishEndpoints() {
        List<Endpoint> now = live.stream().filter(r -> r.state() == Replica.State.READY)
                .sorted(Comparator.comparingInt(Replica::id)).map(Replica::endpoint).toList();
        if (!now.equals(ready)) {
            ready = now;
            events.endpointsChanged(spec.ref());
        }
    }
}
