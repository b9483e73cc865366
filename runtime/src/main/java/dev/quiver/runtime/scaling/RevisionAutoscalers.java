package dev.quiver.runtime.scaling;

import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.RevisionSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One {@link Autoscaler} per served revision and the step both platforms' loops take for each of them once a
 * second: record the observed concurrency and event backlog, decide, and ask the platform for the replicas.
 * Not thread-safe: one loop thread owns it.
 */
public final class RevisionAutoscalers {

    private static final Logger LOG = Logger.getLogger(RevisionAutoscalers.class);

    private final Duration stableWindow;
    private final Map<RevisionRef, Autoscaler> autoscalers = new HashMap<>();
    private final Map<RevisionRef, Integer> lastApplied = new HashMap<>();
    private Observer observer = Observer.NONE;

    /** Told every decision and every revision forgotten, for metrics; called on the loop thread. */
    public interface Observer {
        /** Tells nobody. */
        Observer NONE = new Observer() {
            @Override
            public void decided(RevisionRef revision, int observedConcurrency, int desiredReplicas) {
            }

            @Override
            public void retained(Set<RevisionRef> served) {
            }
        };

        /** A decision: the concurrency sampled now and the replicas decided. */
        void decided(RevisionRef revision, int observedConcurrency, int desiredReplicas);

        /** Every revision but these is forgotten. */
        void retained(Set<RevisionRef> served);
    }

    /** Sets who is told the decisions. */
    public void observer(Observer observer) {
        this.observer = observer;
    }

    /** Autoscalers with this stable window (the panic window is a tenth of it, at least a second). */
    public RevisionAutoscalers(Duration stableWindow) {
        this.stableWindow = stableWindow;
    }

    /**
     * Samples one revision and scales it.
     *
     * @param settings    the revision's settings
     * @param concurrency requests in flight to it and waiting for it now
     * @param backlog     its share of its function's event backlog
     */
    public void scale(RevisionSettings settings, Instant now, Platform platform, int concurrency, long backlog) {
        RevisionRef ref = settings.ref();
        ScalingPolicy policy = policy(settings);
        Autoscaler autoscaler = autoscalers.get(ref);
        if (autoscaler == null || !autoscaler.policy().equals(policy)) {
            autoscaler = new Autoscaler(policy, now);
            autoscalers.put(ref, autoscaler);
        }
        int current = platform.desiredReplicas(ref);
        // A wake from zero between two ticks (by any replica) is demand even when its request already finished.
        boolean woken = current > 0 && lastApplied.getOrDefault(ref, current) == 0;
        autoscaler.record(now, woken ? Math.max(1, concurrency) : concurrency);
        autoscaler.recordBacklog(now, backlog);
        ScaleDecision decision = autoscaler.decide(now, current);
        if (decision.desiredReplicas() != current) {
            LOG.debugf("%s: %d → %d replicas (stable demand %.1f, panic %s)", ref, current,
                    decision.desiredReplicas(), decision.stableDemand(), decision.panicking());
            platform.scale(ref, decision.desiredReplicas());
        }
        lastApplied.put(ref, decision.desiredReplicas());
        observer.decided(ref, concurrency, decision.desiredReplicas());
    }

    /** Forgets every revision but these (their windows start afresh if they come back). */
    public void retainOnly(Set<RevisionRef> served) {
        autoscalers.keySet().retainAll(served);
        lastApplied.keySet().retainAll(served);
        observer.retained(served);
    }

    /** Forgets every revision. */
    public void clear() {
        autoscalers.clear();
        lastApplied.clear();
        observer.retained(Set.of());
    }

    /**
     * A revision's share of a backlog under the resolved traffic: its percent of it, rounded up so that any
     * backlog wakes every revision that takes a share of the events; all of it when the traffic is unknown.
     */
    public static long share(long backlog, String revision, List<TrafficTarget> traffic) {
        if (backlog == 0 || traffic.isEmpty()) {
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
