package dev.quiver.runtime.local;

import dev.quiver.api.Function;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.events.BacklogSource;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.LoadSource;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.scaling.Autoscaler;
import dev.quiver.runtime.scaling.ScaleDecision;
import dev.quiver.runtime.scaling.ScalingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The scaling loop of the local platform, run once a second: samples each served revision's concurrency into
 * its {@link Autoscaler} and applies the decision; revisions no route serves any more are drained to zero.
 * Messages waiting for a function's JetStream consumers count as queued requests of the revisions that take its
 * traffic, split by their percent, so an event-only function scales with its lag and from zero.
 */
public final class LocalAutoscaling {

    private static final Logger LOG = Logger.getLogger(LocalAutoscaling.class);

    private final LocalFunctionStore store;
    private final LocalPlatform platform;
    private final LoadSource load;
    private final Clock clock;
    private final Duration stableWindow;
    private final BacklogSource backlogs;
    private final Map<RevisionRef, Autoscaler> autoscalers = new HashMap<>();
    private final Map<RevisionRef, Integer> lastApplied = new HashMap<>();

    /**
     * A loop over the store's revisions.
     *
     * @param stableWindow the autoscaler's stable window (Knative: 60 s); the panic window is a tenth of it
     */
    public LocalAutoscaling(LocalFunctionStore store, LocalPlatform platform, LoadSource load, Clock clock,
            Duration stableWindow) {
        this(store, platform, load, BacklogSource.NONE, clock, stableWindow);
    }

    /**
     * A loop over the store's revisions that also counts the functions' event backlog as demand.
     *
     * @param backlogs     messages waiting for each function's event consumers
     * @param stableWindow the autoscaler's stable window (Knative: 60 s); the panic window is a tenth of it
     */
    public LocalAutoscaling(LocalFunctionStore store, LocalPlatform platform, LoadSource load, BacklogSource backlogs,
            Clock clock, Duration stableWindow) {
        this.backlogs = backlogs;
        this.store = store;
        this.platform = platform;
        this.load = load;
        this.clock = clock;
        this.stableWindow = stableWindow;
    }

    /** One round: sample, decide, scale. Called once a second by one thread. */
    public void tick() {
        Instant now = clock.instant();
        Set<RevisionRef> served = new HashSet<>();
        for (RevisionSettings settings : store.servedRevisions()) {
            if (!platform.knows(settings.ref())) {
                continue;
            }
            served.add(settings.ref());
            scale(settings, now);
        }
        autoscalers.keySet().retainAll(served);
        lastApplied.keySet().retainAll(served);
        for (RevisionRef retired : store.retiredRevisions()) {
            if (platform.desiredReplicas(retired) > 0) {
                LOG.infof("%s no longer takes traffic; draining it", retired);
                platform.scale(retired, 0);
            }
        }
    }

    private void scale(RevisionSettings settings, Instant now) {
        RevisionRef ref = settings.ref();
        ScalingPolicy policy = policy(settings);
        Autoscaler autoscaler = autoscalers.get(ref);
        if (autoscaler == null || !autoscaler.policy().equals(policy)) {
            autoscaler = new Autoscaler(policy, now);
            autoscalers.put(ref, autoscaler);
        }
        int current = platform.desiredReplicas(ref);
        int concurrency = load.concurrency(ref);
        // A wake from zero between two ticks is demand even when its request already finished.
        boolean woken = current > 0 && lastApplied.getOrDefault(ref, current) == 0;
        autoscaler.record(now, woken ? Math.max(1, concurrency) : concurrency);
        autoscaler.recordBacklog(now, backlogShare(ref));
        ScaleDecision decision = autoscaler.decide(now, current);
        if (decision.desiredReplicas() != current) {
            LOG.debugf("%s: %d → %d replicas (stable demand %.1f, panic %s)", ref, current,
                    decision.desiredReplicas(), decision.stableDemand(), decision.panicking());
            platform.scale(ref, decision.desiredReplicas());
        }
        lastApplied.put(ref, decision.desiredReplicas());
    }

    /** The revision's share of its function's event backlog: by its traffic percent (all of it when unknown). */
    private long backlogShare(RevisionRef ref) {
        long backlog = backlogs.backlog(ref.namespace(), ref.function());
        if (backlog == 0) {
            return 0;
        }
        Function function = store.function(ref.function()).orElse(null);
        List<TrafficTarget> traffic = function == null || function.getStatus() == null ? List.of()
                : function.getStatus().traffic;
        return share(backlog, ref.revision(), traffic);
    }

    /**
     * A revision's share of a backlog under the resolved traffic: its percent of it, rounded up so that any
     * backlog wakes every revision that takes a share of the events; all of it when the traffic is unknown.
     */
    static long share(long backlog, String revision, List<TrafficTarget> traffic) {
        if (traffic.isEmpty()) {
            return backlog;
        }
        int percent = 0;
        for (TrafficTarget target : traffic) {
            if (revision.equals(target.revisionName) && target.percent != null) {
                percent += target.percent;
            }
        }
        return (long) Math.ceil(backlog * percent / 100.0);
    }

    private ScalingPolicy policy(RevisionSettings settings) {
        ScalingPolicy knative = ScalingPolicy.from(settings.scale(), settings.containerConcurrency());
        Duration panic = Duration.ofMillis(Math.max(1000, stableWindow.toMillis() / 10));
        return new ScalingPolicy(knative.targetConcurrency(), knative.targetUtilization(), knative.minReplicas(),
                knative.maxReplicas(), stableWindow, panic, knative.panicThreshold(), knative.maxScaleUpRate(),
                knative.maxScaleDownRate(), knative.scaleToZeroGracePeriod(), knative.activationScale());
    }
}
