package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.Mode;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.runtime.platform.Leadership;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.LoadSource;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.scaling.RevisionAutoscalers;
import dev.quiver.runtime.events.BacklogSource;
import dev.quiver.api.TrafficTarget;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The autoscaler loop on Kubernetes, run once a second on every replica but acting only on the leader: samples
 * each served Service-mode revision's cluster-wide concurrency into its {@link Autoscaler} and scales it through the
 * platform. Ready revisions no route serves any more are scaled to zero once they have been unserved for their
 * scale-to-zero grace period (a revision that just became ready is not yet in the Function's traffic).
 */
public final class KubernetesAutoscaling {

    private static final Logger LOG = Logger.getLogger(KubernetesAutoscaling.class);

    private final KubernetesRouteCatalog catalog;
    private final Platform platform;
    private final LoadSource load;
    private final Leadership leadership;
    private final Clock clock;
    private final BacklogSource backlogs;
    private final RevisionAutoscalers autoscalers;
    private final Map<RevisionRef, Instant> unservedSince = new HashMap<>();

    /**
     * A loop over the catalog's revisions, acting when {@code leadership} says so.
     *
     * @param backlogs messages waiting for each function's event consumers, counted as demand of the revisions
     *                 that take its traffic
     */
    public KubernetesAutoscaling(KubernetesRouteCatalog catalog, Platform platform, LoadSource load,
            BacklogSource backlogs, Leadership leadership, Clock clock, Duration stableWindow) {
        this.backlogs = backlogs;
        this.catalog = catalog;
        this.platform = platform;
        this.load = load;
        this.leadership = leadership;
        this.clock = clock;
        this.autoscalers = new RevisionAutoscalers(stableWindow);
    }

    /** One round: sample, decide, scale. Called by one thread. */
    public void tick() {
        if (!leadership.isLeader()) {
            // A new leader starts with fresh windows; stale ones would act on another replica's history.
            autoscalers.clear();
            unservedSince.clear();
            return;
        }
        Instant now = clock.instant();
        Set<RevisionRef> served = new HashSet<>();
        Map<RevisionRef, RevisionSettings> settingsByRef = new HashMap<>();
        for (RevisionSettings settings : catalog.servedRevisions()) {
            settingsByRef.put(settings.ref(), settings);
        }
        for (RevisionSettings settings : settingsByRef.values()) {
            FunctionRevision revision = catalog.revision(settings.ref().namespace(), settings.ref().revision()).orElse(null);
            if (revision == null || revision.getSpec().mode == Mode.Job) {
                continue;
            }
            served.add(settings.ref());
            autoscalers.scale(settings, now, platform, load.concurrency(settings.ref()), backlogShare(settings.ref()));
        }
        autoscalers.retainOnly(served);
        retire(served, now);
    }

    private long backlogShare(RevisionRef ref) {
        long backlog = backlogs.backlog(ref.namespace(), ref.function());
        return backlog == 0 ? 0 : RevisionAutoscalers.share(backlog, ref.revision(), catalog.function(ref.namespace(),
                ref.function()).map(f -> f.getStatus() == null ? List.<TrafficTarget>of() : f.getStatus().traffic)
                .orElse(List.of()));
    }

    private void retire(Set<RevisionRef> served, Instant now) {
        Set<RevisionRef> seen = new HashSet<>();
        for (FunctionRevision revision : catalog.serviceRevisions()) {
            RevisionRef ref = KubernetesRouteCatalog.ref(revision);
            if (served.contains(ref) || !isReady(revision) || platform.desiredReplicas(ref) == 0) {
                continue;
            }
            seen.add(ref);
            Instant since = unservedSince.computeIfAbsent(ref, r -> now);
            Duration grace = catalog.function(ref.namespace(), ref.function())
                    .map(f -> f.getSpec().templateOrDefault().scaleOrDefault().scaleToZeroGracePeriodOrDefault())
                    .orElse(Duration.ZERO);
            if (!now.isBefore(since.plus(grace))) {
                LOG.infof("%s no longer takes traffic; scaling it to zero", ref);
                platform.scale(ref, 0);
            }
        }
        unservedSince.keySet().retainAll(seen);
    }

    private static boolean isReady(FunctionRevision revision) {
        Condition ready = revision.getStatus() == null ? null : revision.getStatus().condition(ConditionTypes.READY);
        return ready != null && Condition.TRUE.equals(ready.status);
    }

    /** Tells the observer each decision (the runtime's autoscaler meters). */
    public void observe(RevisionAutoscalers.Observer observer) {
        autoscalers.observer(observer);
    }
}
