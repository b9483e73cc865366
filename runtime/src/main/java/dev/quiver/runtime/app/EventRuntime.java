package dev.quiver.runtime.app;

import dev.quiver.api.Function;
import dev.quiver.api.validation.Problem;
import dev.quiver.api.validation.SubjectRules;
import dev.quiver.runtime.events.BacklogSource;
import dev.quiver.runtime.events.TriggerManager;
import dev.quiver.runtime.events.TriggerStatuses;
import dev.quiver.runtime.events.plan.TriggerPlan;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.gateway.RolloutCounters;
import dev.quiver.runtime.invoke.Invoker;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The event triggers on either platform: the functions' NATS and JetStream triggers, kept in line with the
 * platform's functions once a second (the functions folder locally, the informers' cache on Kubernetes), invoking
 * the functions through this runtime's own gateway. NATS is connected when a server answered at start-up, or as
 * soon as a function asks for an event trigger (then the connection keeps trying until a server appears, and the
 * triggers say they are waiting).
 */
@Singleton
public class EventRuntime implements BacklogSource, TriggerStatuses {

    private static final Logger LOG = Logger.getLogger(EventRuntime.class);

    private final QuiverConfig config;
    private final SharedNats sharedNats;
    private final Invoker invoker;
    /** The gateway, whose rollout counters count the events each revision handled. */
    private final Instance<Gateway> gateways;
    private volatile TriggerManager manager;
    private final SubjectRules subjectRules;
    private final Set<String> refusals = ConcurrentHashMap.newKeySet();
    private final MeterRegistry registry;

    EventRuntime(QuiverConfig config, SharedNats sharedNats, @Named(JobsRuntime.FUNCTIONS_INVOKER) Invoker invoker,
            Instance<Gateway> gateways, MeterRegistry registry) {
        this.registry = registry;
        this.sharedNats = sharedNats;
        this.gateways = gateways;
        this.invoker = invoker;
        this.config = config;
        this.subjectRules = subjectRules(config);
    }

    /** Locally every function is yours; on a cluster each namespace keeps to its own subjects and its grants. */
    private static SubjectRules subjectRules(QuiverConfig config) {
        return PlatformSelection.KUBERNETES.equals(config.platform())
                ? SubjectRules.namespaced(config.nats().namespaceSubjects().orElse(List.of()))
                : SubjectRules.open();
    }

    private void refused(Function function, List<Problem> problems) {
        String what = function.getMetadata().getNamespace() + "/" + function.getMetadata().getName() + ": " + problems;
        if (refusals.add(what)) {
            LOG.warnf("NATS: not binding the event triggers of %s", what);
        }
    }

    /**
     * Binds the functions' triggers; called once a second by the platform's loop.
     *
     * @param functions      every function the platform serves
     * @param serverAnswered whether a NATS server answered at start-up (then NATS is used even before a function
     *                       asks for a trigger, and no warning is due)
     */
    public synchronized void sync(List<Function> functions, boolean serverAnswered) {
        functions = TriggerPlan.permitted(functions, subjectRules, this::refused);
        if (manager == null) {
            boolean wanted = functions.stream()
                    .anyMatch(f -> {
                        var triggers = f.getSpec().triggersOrDefault();
                        return !triggers.nats.isEmpty() || !triggers.jetstream.isEmpty();
                    });
            if (!wanted && !serverAnswered) {
                return;
            }
            String url = config.nats().url();
            if (!serverAnswered) {
                LOG.warnf("NATS: functions have NATS or JetStream triggers but no server answered at %s; "
                        + "the triggers wait until one does (start one with 'nats-server -js')", url);
            }
            RolloutCounters counters = gateways.isResolvable() ? gateways.get().rolloutCounters() : new RolloutCounters();
            manager = new TriggerManager(sharedNats.client(), invoker, counters, registry);
        }
        manager.sync(functions);
    }

    @Override
    public long backlog(String namespace, String function) {
        TriggerManager current = manager;
        return current == null ? 0 : current.backlog(namespace, function);
    }

    @Override
    public List<TriggerStatus> statuses(String namespace, String function) {
        TriggerManager current = manager;
        return current == null ? List.of() : current.statuses(namespace, function);
    }

    /** Whether the triggers' NATS connection is up (false while no function has asked for a trigger). */
    public boolean natsConnected() {
        return manager != null && sharedNats.client().connected();
    }

    /** Unbinds every trigger (the shared connection is closed later); calls in flight settle or come back later. */
    public synchronized void stop() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
