package dev.quiver.runtime.events;

import dev.quiver.api.Function;
import dev.quiver.runtime.events.plan.CoreTrigger;
import dev.quiver.runtime.events.plan.JetStreamBinding;
import dev.quiver.runtime.events.plan.TriggerPlan;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.gateway.RolloutCounters;
import dev.quiver.runtime.invoke.Invoker;
import dev.quiver.runtime.nats.NatsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the NATS subscriptions and JetStream consumers in line with the functions' triggers: {@link #sync} diffs
 * the wanted plan against what is bound, binds what is new or changed and unbinds what is gone. A tick every
 * second binds what could not be bound yet (NATS down, stream missing), rebinds after a reconnection, and reads
 * each consumer's lag for the autoscaler. Unbinding keeps the durable consumer on the server, so messages that
 * arrive while a function is away wait for it.
 */
public final class TriggerManager implements BacklogSource, TriggerStatuses, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TriggerManager.class);

    private final NatsClient nats;
    private final Invoker invoker;
    private final RolloutCounters rolloutCounters;
    private final ScheduledExecutorService timers;
    private final Map<CoreTrigger, CoreSubscription> core = new LinkedHashMap<>();
    private final Map<JetStreamBinding, JetStreamConsumer> jetstream = new LinkedHashMap<>();
    private final MeterRegistry registry;
    private final Map<Object, TriggerMeters> meters = new HashMap<>();
    private volatile Map<String, Long> backlogs = Map.of();

    /** A manager that invokes functions through the invoker, over the shared NATS connection. */
    public TriggerManager(NatsClient nats, Invoker invoker) {
        this(nats, invoker, new RolloutCounters());
    }

    /**
     * A manager that also counts each JetStream event that ended (acked, or dead-lettered) for the revision that
     * handled it, in the gateway's rollout counters.
     */
    public TriggerManager(NatsClient nats, Invoker invoker, RolloutCounters rolloutCounters) {
        this(nats, invoker, rolloutCounters, new SimpleMeterRegistry());
    }

    /** A manager whose triggers' meters (delivered, failed, dead letters, pending) go to the registry. */
    public TriggerManager(NatsClient nats, Invoker invoker, RolloutCounters rolloutCounters, MeterRegistry registry) {
        this.registry = registry;
        this.nats = nats;
        this.invoker = invoker;
        this.rolloutCounters = rolloutCounters;
        this.timers = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "quiver-triggers");
            thread.setDaemon(true);
            return thread;
        });
        nats.onConnected(connection -> {
            synchronized (this) {
                if (timers.isShutdown()) {
                    return; // closed; the connection outlives this manager
                }
                jetstream.values().forEach(JetStreamConsumer::reconnected);
                timers.execute(this::tick);
            }
        });
        timers.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Makes the bound triggers match the functions' (functions without event triggers unbind theirs). */
    public synchronized void sync(List<Function> functions) {
        TriggerPlan plan = TriggerPlan.of(functions);
        core.keySet().removeIf(trigger -> {
            if (plan.core().contains(trigger)) {
                return false;
            }
            LOG.infof("%s/%s: unsubscribing from %s", trigger.namespace(), trigger.function(), trigger.subject());
            core.get(trigger).close();
            unmeter(trigger);
            return true;
        });
        jetstream.keySet().removeIf(binding -> {
            if (plan.jetstream().contains(binding)) {
                return false;
            }
            LOG.infof("%s/%s: stopping consumer %s", binding.namespace(), binding.function(), binding.durable());
            jetstream.get(binding).close();
            unmeter(binding);
            return true;
        });
        boolean added = false;
        for (CoreTrigger trigger : plan.core()) {
            if (!core.containsKey(trigger)) {
                CoreSubscription subscription = new CoreSubscription(trigger, invoker);
                core.put(trigger, subscription);
                meters.put(trigger, TriggerMeters.core(registry, trigger.namespace(), trigger.function(),
                        trigger.subject(), subscription.counters()));
                added = true;
            }
        }
        for (JetStreamBinding binding : plan.jetstream()) {
            if (!jetstream.containsKey(binding)) {
                JetStreamConsumer consumer = new JetStreamConsumer(binding, nats.connection(), invoker, timers,
                        nats.streamLimits(), rolloutCounters);
                jetstream.put(binding, consumer);
                meters.put(binding, TriggerMeters.jetstream(registry, binding, consumer.counters(), consumer::backlog));
                added = true;
            }
        }
        if (added) {
            timers.execute(this::tick);
        }
    }

    /** Whether any trigger is wanted. */
    public synchronized boolean hasTriggers() {
        return !core.isEmpty() || !jetstream.isEmpty();
    }

    private void tick() {
        try {
            List<CoreSubscription> subscriptions;
            List<JetStreamConsumer> consumers;
            synchronized (this) {
                subscriptions = List.copyOf(core.values());
                consumers = List.copyOf(jetstream.values());
            }
            if (nats.connected()) {
                subscriptions.forEach(subscription -> subscription.bind(nats.connection()));
            }
            Map<String, Long> lag = new HashMap<>();
            for (JetStreamConsumer consumer : consumers) {
                consumer.maintain();
                consumer.refreshLag();
                JetStreamBinding binding = consumer.binding();
                lag.merge(key(binding.namespace(), binding.function()), consumer.backlog(), Long::sum);
            }
            backlogs = Map.copyOf(lag);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the trigger loop failed; it runs again in a second");
        }
    }

    @Override
    public long backlog(String namespace, String function) {
        return backlogs.getOrDefault(key(namespace, function), 0L);
    }

    @Override
    public synchronized List<TriggerStatus> statuses(String namespace, String function) {
        List<TriggerStatus> statuses = new ArrayList<>();
        boolean connected = nats.connected();
        core.forEach((trigger, subscription) -> {
            if (trigger.namespace().equals(namespace) && trigger.function().equals(function)) {
                statuses.add(subscription.status(connected));
            }
        });
        jetstream.forEach((binding, consumer) -> {
            if (binding.namespace().equals(namespace) && binding.function().equals(function)) {
                statuses.add(consumer.status());
            }
        });
        return statuses;
    }

    private void unmeter(Object trigger) {
        TriggerMeters removed = meters.remove(trigger);
        if (removed != null) {
            removed.remove();
        }
    }

    private static String key(String namespace, String function) {
        return namespace + "/" + function;
    }

    /** Unbinds everything; the NATS connection is the caller's to close. */
    @Override
    public synchronized void close() {
        core.values().forEach(CoreSubscription::close);
        jetstream.values().forEach(JetStreamConsumer::close);
        core.clear();
        jetstream.clear();
        meters.values().forEach(TriggerMeters::remove);
        meters.clear();
        timers.shutdownNow();
    }
}
