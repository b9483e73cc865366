package dev.quiver.runtime.events;

import dev.quiver.runtime.events.plan.JetStreamBinding;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Meters of one bound trigger: they read its {@link TriggerCounters} (and a JetStream consumer's lag) when the
 * registry is scraped, are registered when the trigger is bound and removed when it is unbound.
 */
final class TriggerMeters {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private TriggerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters of a core NATS subscription. */
    static TriggerMeters core(MeterRegistry registry, String namespace, String function, String subject,
            TriggerCounters counters) {
        TriggerMeters meters = new TriggerMeters(registry);
        meters.counters(Tags.of("namespace", namespace, "function", function, "kind", "nats", "trigger", subject),
                counters);
        return meters;
    }

    /** Meters of a JetStream consumer, with its pending messages ({@code backlog}, as of its last lag read). */
    static TriggerMeters jetstream(MeterRegistry registry, JetStreamBinding binding, TriggerCounters counters,
            LongSupplier backlog) {
        TriggerMeters meters = new TriggerMeters(registry);
        Tags tags = Tags.of("namespace", binding.namespace(), "function", binding.function(), "kind", "jetstream",
                "trigger", binding.durable());
        meters.counters(tags, counters);
        meters.meters.add(Gauge.builder("quiver.trigger.pending", backlog, LongSupplier::getAsLong).tags(tags)
                .description("Messages of the consumer waiting and not being handled, as of its last lag read.")
                .register(registry));
        return meters;
    }

    private void counters(Tags tags, TriggerCounters counters) {
        counter("quiver.trigger.delivered", "Messages handed to the function (redeliveries included).", tags,
                counters, c -> c.delivered.get());
        counter("quiver.trigger.redelivered", "Messages handed to the function again.", tags, counters,
                c -> c.redelivered.get());
        counter("quiver.trigger.failed", "Deliveries the function failed or that timed out.", tags, counters,
                c -> c.failed.get());
        counter("quiver.trigger.dead.letters", "Messages given up on and published as dead letters.", tags,
                counters, c -> c.deadLettered.get());
        meters.add(Gauge.builder("quiver.trigger.in.flight", counters, c -> c.inFlight.get()).tags(tags)
                .description("Messages being handled by the function now.").register(registry));
    }

    private void counter(String name, String help, Tags tags, TriggerCounters counters,
            ToDoubleFunction<TriggerCounters> read) {
        meters.add(FunctionCounter.builder(name, counters, read).tags(tags).description(help).register(registry));
    }

    /** Removes the trigger's meters. */
    void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
