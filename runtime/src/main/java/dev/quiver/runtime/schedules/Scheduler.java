package dev.quiver.runtime.schedules;

import dev.quiver.runtime.platform.Leadership;
import dev.quiver.api.Function;
import dev.quiver.api.Mode;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.Invoker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Fires the functions' {@code triggers.schedule[]}: each {@link #tick()} invokes the schedules that are due
 * with a CloudEvent of type {@value #EVENT_TYPE}, source {@code quiver/schedule/<namespace>/<function>/<index>}
 * and the trigger's {@code data} (or {@code {}}). Fires that were missed (the runtime was down, or busy for more
 * than {@link #LATENESS}) are not replayed; a schedule whose previous invocation still runs skips its turn; only
 * the {@link Leadership leader} fires. Time comes from the {@link Clock}, so tests drive it by hand.
 * Not thread-safe: one thread calls {@code tick()}.
 */
public final class Scheduler {

    /** The CloudEvent type of a scheduled invocation. */
    public static final String EVENT_TYPE = "dev.quiver.schedule";
    /** How late a tick may come and still fire what was due; later than this, the fire counts as missed. */
    public static final Duration LATENESS = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(Scheduler.class);

    private final Supplier<List<Function>> functions;
    private final Invoker invoker;
    private final Clock clock;
    private final Leadership leadership;
    private final boolean skipJobMode;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * A scheduler.
     *
     * @param functions   the functions as of now (asked on every tick)
     * @param invoker     what calls a function
     * @param clock       the time
     * @param leadership  whether this replica fires
     * @param skipJobMode true on Kubernetes, where a Job-mode function's schedules are CronJobs instead
     */
    public Scheduler(Supplier<List<Function>> functions, Invoker invoker, Clock clock, Leadership leadership,
            boolean skipJobMode) {
        this.functions = functions;
        this.invoker = invoker;
        this.clock = clock;
        this.leadership = leadership;
        this.skipJobMode = skipJobMode;
    }

    /** One schedule trigger, with when it fires next. */
    private static final class Entry {
        final String namespace;
        final String function;
        final int index;
        final ScheduleTrigger trigger;
        final CronExpression cron;
        final ZoneId zone;
        final Duration timeout;
        final AtomicBoolean inFlight = new AtomicBoolean();
        Instant next;

        Entry(String namespace, String function, int index, ScheduleTrigger trigger, Duration timeout) {
            this.namespace = namespace;
            this.function = function;
            this.index = index;
            this.trigger = trigger;
            this.cron = CronExpression.parse(trigger.cron);
            this.zone = trigger.timeZone == null || trigger.timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(trigger.timeZone);
            this.timeout = timeout;
        }

        boolean sameAs(ScheduleTrigger other, Duration otherTimeout) {
            return trigger.equals(other) && timeout.equals(otherTimeout);
        }

        String source() {
            return "quiver/schedule/" + namespace + "/" + function + "/" + index;
        }
    }

    /** Takes in the functions' schedules as they are now, then fires those that are due. */
    public void tick() {
        Instant now = clock.instant();
        refresh(now);
        boolean leader = leadership.isLeader();
        for (Entry entry : entries.values()) {
            if (entry.next == null || now.isBefore(entry.next)) {
                continue;
            }
            Instant due = entry.next;
            entry.next = entry.cron.next(now, entry.zone);
            if (!leader) {
                continue;
            }
            if (Duration.between(due, now).compareTo(LATENESS) > 0) {
                LOG.warnf("schedule %s ('%s') missed its fire at %s; the next is at %s", entry.source(), entry.cron, due, entry.next);
            } else if (!entry.inFlight.compareAndSet(false, true)) {
                LOG.warnf("schedule %s ('%s') skips its fire at %s: the previous invocation still runs", entry.source(), entry.cron, due);
            } else {
                fire(entry, due);
            }
        }
    }

    /** When each schedule fires next, by source: what a status page shows. */
    public Map<String, Instant> nextFireTimes() {
        Map<String, Instant> next = new LinkedHashMap<>();
        entries.values().forEach(entry -> next.put(entry.source(), entry.next));
        return next;
    }

    private void refresh(Instant now) {
        Set<String> seen = new HashSet<>();
        for (Function function : functions.get()) {
            if (function.getSpec() == null || skipJobMode && function.getSpec().modeOrDefault() == Mode.Job) {
                continue;
            }
            String namespace = function.getMetadata().getNamespace();
            String name = function.getMetadata().getName();
            List<ScheduleTrigger> schedules = function.getSpec().triggersOrDefault().schedule;
            Duration timeout = Duration.ofSeconds(function.getSpec().templateOrDefault().timeoutSecondsOrDefault());
            for (int i = 0; i < schedules.size(); i++) {
                String key = namespace + "/" + name + "/" + i;
                seen.add(key);
                Entry current = entries.get(key);
                if (current == null || !current.sameAs(schedules.get(i), timeout)) {
                    add(key, namespace, name, i, schedules.get(i), timeout, now);
                }
            }
        }
        entries.keySet().retainAll(seen);
    }

    private void add(String key, String namespace, String name, int index, ScheduleTrigger trigger, Duration timeout,
            Instant now) {
        try {
            Entry entry = new Entry(namespace, name, index, trigger, timeout);
            entry.next = entry.cron.next(now, entry.zone);
            entries.put(key, entry);
        } catch (IllegalArgumentException | DateTimeException e) {
            // Validation rejects these before a function is served; a bad one here must not stop the others.
            entries.remove(key);
            LOG.errorf("schedule %s of %s is invalid and does not fire: %s", index, name, e.getMessage());
        }
    }

    private void fire(Entry entry, Instant due) {
        String data = entry.trigger.data == null || entry.trigger.data.isBlank() ? "{}" : entry.trigger.data;
        Invocation invocation = new Invocation(entry.namespace, entry.function, UUID.randomUUID().toString(),
                entry.source(), EVENT_TYPE, null, due, "application/json", data.getBytes(StandardCharsets.UTF_8),
                Map.of(), entry.timeout);
        LOG.debugf("schedule %s fires", entry.source());
        try {
            invoker.invoke(invocation).whenComplete((result, failure) -> {
                entry.inFlight.set(false);
                if (failure != null) {
                    LOG.errorf("schedule %s: the invocation failed: %s", entry.source(), failure.getMessage());
                } else if (!result.succeeded()) {
                    LOG.warnf("schedule %s: %s failed: %s", entry.source(), entry.function, result.error());
                }
            });
        } catch (RuntimeException e) {
            entry.inFlight.set(false);
            LOG.errorf(e, "schedule %s: the invocation could not start", entry.source());
        }
    }
}
