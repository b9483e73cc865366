package dev.quiver.runtime.events;

import dev.quiver.api.Function;
import dev.quiver.runtime.gateway.RolloutCounters;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.nats.NatsClient;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One "runtime" for the trigger tests: its own NATS connection and a {@link TriggerManager} that invokes a real
 * loopback HTTP function through the real {@link GatewayInvoker} (it POSTs {@code /fn/<name>} to the port).
 */
final class TriggerHarness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final NatsClient nats;
    final TriggerManager manager;
    /** Where the manager counts the events each revision handled, as the gateway's are counted in the runtime. */
    final RolloutCounters rolloutCounters = new RolloutCounters();
    private final GatewayInvoker invoker;

    TriggerHarness(Vertx vertx, String natsUrl, int functionPort) {
        nats = NatsClient.connect(natsUrl, "quiver-test");
        invoker = new GatewayInvoker(vertx, "127.0.0.1", functionPort);
        manager = new TriggerManager(nats, invoker, rolloutCounters);
    }

    TriggerHarness sync(Function... functions) {
        manager.sync(List.of(functions));
        return this;
    }

    /** Waits until the function's triggers are all Active. */
    TriggerHarness awaitActive(String function) {
        await(function + "'s triggers to be active", () -> {
            var statuses = manager.statuses("default", function);
            return !statuses.isEmpty() && statuses.stream().allMatch(s -> "Active".equals(s.state()));
        }, () -> manager.statuses("default", function));
        return this;
    }

    /** Polls until the check passes; fails naming what it waited for and the last state. */
    static void await(String what, BooleanSupplier check, Supplier<?> state) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for " + what + "; state: " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
        invoker.close();
        nats.close();
    }
}
