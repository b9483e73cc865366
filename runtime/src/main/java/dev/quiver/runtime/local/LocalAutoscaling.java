package dev.quiver.runtime.local;

import dev.quiver.api.Function;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.events.BacklogSource;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.LoadSource;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.scaling.RevisionAutoscalers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The scaling loop of the local platform, run once a second: samples each served revision's concurrency into
 * its autoscaler and applies the decision; revisions no route serves any more are drained to zero.
 * Messages waiting for a function's JetStream consumers count as queued requests of the revisions that take its
 * traffic, split by their percent, so an event-only function scales with its lag and from zero.
 */
public final class LocalAutoscaling {

    private static final Logger LOG = Logger.getLogger(LocalAutoscaling.class);

    private final LocalFunctionStore store;
    private final LocalPlatform platform;
    private final LoadSource load;
    private final Clock clock;
    private final BacklogSource backlogs;
    private final RevisionAutoscalers autoscalers;

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
        this.store = store;
        this.platform = platform;
        this.load = load;
        this.backlogs = backlogs;
        this.clock = clock;
        this.autoscalers = new RevisionAutoscalers(stableWindow);
    }

    /** One round: sample, decide, scale. Called once a second by one thread. */
    public void tick() {
        Instant now = clock.instant();
        Set<RevisionRef> served = new HashSet<>();
        for (RevisionSettings settings : store.servedRevisions()) {
            RevisionRef ref = settings.ref();
            if (!platform.knows(ref)) {
                continue;
            }
            served.add(ref);
            autoscalers.scale(settings, now, platform, load.concurrency(ref), backlogShare(ref));
        }
        autoscalers.retainOnly(served);
        for (RevisionRef retired : store.retiredRevisions()) {
            if (platform.desiredReplicas(retired) > 0) {
                LOG.infof("%s no longer takes traffic; draining it", retired);
                platform.scale(retired, 0);
            }
        }
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
        return RevisionAutoscalers.share(backlog, ref.revision(), traffic);
    }

    /** Tells the observer each decision (the runtime's autoscaler meters). */
    public void observe(RevisionAutoscalers.Observer observer) {
        autoscalers.observer(observer);
    }
}
