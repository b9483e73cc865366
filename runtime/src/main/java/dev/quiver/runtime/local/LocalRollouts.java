package dev.quiver.runtime.local;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.rollout.RolloutOutcome;
import dev.quiver.api.rollout.RolloutPlan;
import dev.quiver.api.rollout.RolloutProgress;
import dev.quiver.api.rollout.SmokeTestResult;
import dev.quiver.runtime.gateway.RolloutCounters;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The rollout driver of the local platform ({@code quiver dev}): for each function with {@code spec.rollout} it runs
 * {@link RolloutProgress} on the gateway's per-revision counts, at once when a new revision becomes the latest ready
 * one, when a smoke test ends or a person promotes or aborts, and otherwise every analysis interval (a tick each
 * second looks at which are due). The result is the Function's {@code status.rollout}, which the store keeps with the
 * rest of its state under {@code .quiver} (a restarted runtime continues the rollout) and splits the traffic by
 * ({@code TrafficResolver}). Each decision is logged at INFO, as the controller's Events say it on a cluster.
 *
 * <p>Everything that reads or writes a function runs under the store's lock ({@link LocalFunctionStore#rolloutPass}
 * and the store's own traffic resolution, which calls {@link #beforeResolve}), so a new revision never takes the
 * latest traffic, even for a moment, before its rollout has begun.
 */
public final class LocalRollouts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalRollouts.class);

    /** Runs a smoke test against a function's new revision (in the runtime: {@code SmokeTestRunner::run}). */
    @FunctionalInterface
    public interface SmokeTester {
        /** The test's result; a failure to send counts as a failed test. */
        CompletionStage<SmokeTestResult> run(String namespace, String function, List<SmokeRequest> requests);
    }

    /** A promote or abort asked of a function whose rollout is not running (none, or it ended). */
    public static final class NoRolloutRunningException extends RuntimeException {
        NoRolloutRunningException(String message) {
            super(message);
        }
    }

    /** A smoke test's result for the revision it tested. */
    private record Smoke(String revision, SmokeTestResult result) {
    }

    private final LocalFunctionStore store;
    private final java.util.function.Function<String, Map<String, RevisionCounts>> counts;
    private final SmokeTester smoke;
    private final Clock clock;
    private final Executor executor;
    private final ScheduledExecutorService loop;
    // Guarded by the store's lock: the latest ready revision each function had at the last pass, when it was judged
    // last, and which revision's smoke test was started.
    private final Map<String, String> lastReady = new HashMap<>();
    private final Map<String, Instant> lastJudged = new HashMap<>();
    private final Map<String, String> smokeStarted = new HashMap<>();
    /** Smoke tests that ended and were not judged yet, by function. */
    private final Map<String, Smoke> smokeResults = new ConcurrentHashMap<>();

    /**
     * A driver; {@link #start} is the runtime's way to make one.
     *
     * @param counts   the gateway's running counts of a function's revisions, by function name
     * @param executor where smoke tests start and their results are judged (off the store's lock)
     * @param loop     the tick's thread, closed with the driver; null when the caller ticks
     */
    LocalRollouts(LocalFunctionStore store, java.util.function.Function<String, Map<String, RevisionCounts>> counts,
            SmokeTester smoke, Clock clock, Executor executor, ScheduledExecutorService loop) {
        this.store = store;
        this.counts = counts;
        this.smoke = smoke;
        this.clock = clock;
        this.executor = executor;
        this.loop = loop;
    }

    /**
     * Attaches a driver to the store and ticks it every second on its own thread. Call it before the first scan, so
     * that no new revision takes its traffic before the driver judges it.
     */
    public static LocalRollouts start(LocalFunctionStore store, RolloutCounters counters, SmokeTester smoke, Clock clock) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quiver-rollouts");
            thread.setDaemon(true);
            return thread;
        });
        LocalRollouts rollouts = new LocalRollouts(store, name -> counters.of(LocalFunctionStore.NAMESPACE, name), smoke,
                clock, loop, loop);
        store.rollouts(rollouts);
        loop.scheduleWithFixedDelay(rollouts::safeTick, 1, 1, TimeUnit.SECONDS);
        return rollouts;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the rollout loop failed; it runs again in a second");
        }
    }

    /** Judges every function whose analysis interval is due (or that has a smoke test's result waiting). */
    void tick() {
        Instant now = clock.instant();
        store.rolloutPass(null, function -> judge(function, now, false));
    }

    /**
     * Applies a person's promote or abort to the function's running rollout at once.
     *
     * @param verb promote or abort
     * @return the function with its new status, or empty when there is no function of that name
     * @throws NoRolloutRunningException when the function has no rollout, or its rollout has ended
     */
    public Optional<Function> command(String name, String verb) {
        if (!verb.equals("promote") && !verb.equals("abort")) {
            throw new IllegalArgumentException("the action is promote or abort, not '" + verb + "'");
        }
        if (store.function(name).isEmpty()) {
            return Optional.empty();
        }
        AtomicReference<String> refused = new AtomicReference<>(name + " has no rollout");
        store.rolloutPass(name, function -> {
            RolloutStatus current = function.resource.getStatus().rollout;
            RolloutPlan plan = plan(function);
            if (plan == null || current == null || current.phase == null || current.phase.ended()) {
                refused.set(current == null || plan == null
                        ? name + " has no rollout: nothing to " + verb
                        : "the rollout of " + current.revision + " has ended (" + current.phase + "): nothing to " + verb);
                return false;
            }
            refused.set(null);
            String text = RolloutProgress.Command.text(verb, current.revision, UUID.randomUUID().toString());
            Instant now = clock.instant();
            lastJudged.put(name, now);
            return apply(function, RolloutProgress.advance(plan, current, inputs(function, null, null, text, now)));
        });
        if (refused.get() != null) {
            throw new NoRolloutRunningException(refused.get());
        }
        return store.function(name);
    }

    /**
     * Called by the store, under its lock, before it resolves a function's traffic: clears the rollout of a function
     * without {@code spec.rollout}, begins the rollout of a revision that just became the latest ready one (against
     * the one that served before), and starts a smoke test that is due.
     *
     * @return the rollout to split the traffic by, or null
     */
    RolloutStatus beforeResolve(LocalFunction function) {
        String name = function.name();
        FunctionStatus status = function.resource.getStatus();
        String latestReady = status.latestReadyRevisionName;
        // Unknown after a restart: then the latest ready one served already (its rollout, if any, was saved).
        String serving = lastReady.containsKey(name) ? lastReady.get(name) : latestReady;
        if (serving != null && function.phases.get(serving) != LocalRevision.Phase.READY) {
            serving = null; // a function of the same name that was removed and made again: nothing served before
        }
        lastReady.put(name, latestReady);
        if (function.resource.getSpec().rollout == null) {
            if (status.rollout != null) {
                LOG.infof("%s: spec.rollout was removed: the rollout of %s ends and %s takes the latest traffic", name,
                        status.rollout.revision, latestReady);
                status.rollout = null;
            }
            return null;
        }
        RolloutPlan plan = plan(function);
        if (plan != null && latestReady != null && (status.rollout == null || !latestReady.equals(status.rollout.revision))) {
            Instant now = clock.instant();
            lastJudged.put(name, now);
            apply(function, RolloutProgress.advance(plan, status.rollout,
                    inputs(function, serving, null, null, now)));
        }
        startSmokeTestWhenDue(function);
        return status.rollout;
    }

    /**
     * One judgement of a function's rollout when it is due (its interval passed since the last one, a smoke test
     * ended, or {@code force}). Called under the store's lock.
     *
     * @return whether the function's status changed (its traffic is then resolved again)
     */
    boolean judge(LocalFunction function, Instant now, boolean force) {
        String name = function.name();
        FunctionStatus status = function.resource.getStatus();
        String latestReady = status.latestReadyRevisionName;
        if (function.resource.getSpec().rollout == null) {
            return status.rollout != null; // resolving clears it
        }
        if (latestReady == null) {
            return false;
        }
        if (status.rollout == null || !latestReady.equals(status.rollout.revision)) {
            return true; // resolving begins it
        }
        RolloutStatus current = status.rollout;
        if (current.phase == null || current.phase.ended() || current.phase == RolloutPhase.Paused) {
            return false; // only a person's command or a new revision changes it
        }
        startSmokeTestWhenDue(function);
        Smoke tested = smokeResults.get(name);
        SmokeTestResult result = tested != null && tested.revision().equals(current.revision) ? tested.result() : null;
        RolloutPlan plan = plan(function);
        if (plan == null) {
            return false;
        }
        Instant last = lastJudged.get(name);
        boolean due = force || result != null || last == null || !now.isBefore(last.plus(plan.limits().interval()));
        if (!due || current.phase == RolloutPhase.SmokeTesting && result == null) {
            return false;
        }
        lastJudged.put(name, now);
        if (tested != null) {
            smokeResults.remove(name, tested);
        }
        return apply(function, RolloutProgress.advance(plan, current, inputs(function, null, result, null, now)));
    }

    /** Stores the outcome in the function's status; logs it at INFO when it decided something. */
    private boolean apply(LocalFunction function, RolloutOutcome outcome) {
        if (outcome == null || !outcome.changed()) {
            return false;
        }
        FunctionStatus status = function.resource.getStatus();
        RolloutStatus before = status.rollout;
        RolloutStatus next = outcome.status();
        status.rollout = next;
        boolean decided = before == null || !Objects.equals(before.revision, next.revision) || before.phase != next.phase
                || !Objects.equals(before.step, next.step) || before.decisions.size() != next.decisions.size();
        if (decided) {
            LOG.infof("%s: rollout of %s: %s", function.name(), next.revision, outcome.reason());
        } else {
            LOG.debugf("%s: rollout of %s: %s", function.name(), next.revision, outcome.reason());
        }
        return true;
    }

    /** Starts the smoke test of a rollout that waits for it, once per revision (again after a restart). */
    private void startSmokeTestWhenDue(LocalFunction function) {
        RolloutStatus current = function.resource.getStatus().rollout;
        String name = function.name();
        if (current == null || current.phase != RolloutPhase.SmokeTesting
                || current.revision.equals(smokeStarted.get(name))) {
            return;
        }
        RolloutPlan plan = plan(function);
        if (plan == null) {
            return;
        }
        String revision = current.revision;
        smokeStarted.put(name, revision);
        List<SmokeRequest> requests = plan.smokeTest();
        executor.execute(() -> {
            // Taking the store's lock waits for the resolution that began this rollout: its canary route is published.
            store.function(name);
            LOG.infof("%s: sending the smoke test to %s", name, revision);
            smoke.run(LocalFunctionStore.NAMESPACE, name, requests).whenComplete((result, error) -> {
                SmokeTestResult outcome = result != null ? result : SmokeTestResult.failed(String.valueOf(error));
                smokeResults.put(name, new Smoke(revision, outcome));
                executor.execute(() -> store.rolloutPass(name, f -> judge(f, clock.instant(), true)));
            });
        });
    }

    private RolloutProgress.Inputs inputs(LocalFunction function, String serving, SmokeTestResult smokeTest,
            String command, Instant now) {
        return new RolloutProgress.Inputs(function.resource.getStatus().latestReadyRevisionName, serving,
                counts.apply(function.name()), smokeTest, command, now);
    }

    /** The function's plan; null (and logged) when its spec.rollout cannot make one, which validation prevents. */
    private static RolloutPlan plan(LocalFunction function) {
        if (function.resource.getSpec().rollout == null) {
            return null;
        }
        try {
            return RolloutPlan.of(function.resource.getSpec().rollout);
        } catch (RuntimeException e) {
            LOG.errorf("%s: spec.rollout makes no plan: %s", function.name(), e.getMessage());
            return null;
        }
    }

    /** Stops the tick. */
    @Override
    public void close() {
        if (loop != null) {
            loop.shutdownNow();
        }
    }
}
