package dev.quiver.runtime.async;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.IntSupplier;

/**
 * Counts asynchronous invocations by namespace, function and outcome ({@code accepted}: stored and answered 202;
 * {@code succeeded}, {@code failed}: finished by this runtime's worker). Each count is a registry look-up: an
 * asynchronous call costs a NATS round trip anyway.
 */
public final class AsyncMeters {

    /** Counts nothing anyone reads. */
    public static final AsyncMeters NONE = new AsyncMeters(new SimpleMeterRegistry());

    private final MeterRegistry registry;

    /** Meters in the given registry. */
    public AsyncMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one invocation of the function with this outcome. */
    public void count(String namespace, String function, String outcome) {
        Counter.builder("quiver.async.invocations")
                .description("Asynchronous invocations: accepted (stored, 202), succeeded and failed (finished here).")
                .tags("namespace", namespace == null ? "" : namespace, "function", function, "outcome", outcome)
                .register(registry).increment();
    }

    /** Registers the gauge of the worker's invocations in flight. */
    public void worker(IntSupplier inFlight) {
        Gauge.builder("quiver.async.in.flight", inFlight, IntSupplier::getAsInt)
                .description("Asynchronous invocations this runtime's worker is running now.").register(registry);
    }
}
