package dev.quiver.runtime.app;

import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.scaling.RevisionAutoscalers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The autoscaler's last decision per revision as gauges ({@code quiver_autoscaler_desired_replicas},
 * {@code quiver_autoscaler_observed_concurrency}): registered when a revision is first decided on, removed when the
 * autoscaler forgets it. On a cluster only the leader decides, so only its gauges move.
 */
public final class AutoscalerMeters implements RevisionAutoscalers.Observer {

    private final MeterRegistry registry;
    private final Map<RevisionRef, Decided> revisions = new ConcurrentHashMap<>();

    /** Gauges in the given registry. */
    public AutoscalerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One revision's last decision and its gauges. */
    private record Decided(AtomicLong concurrency, AtomicLong desired, List<Meter> meters) {
    }

    @Override
    public void decided(RevisionRef revision, int observedConcurrency, int desiredReplicas) {
        Decided decided = revisions.computeIfAbsent(revision, this::register);
        decided.concurrency().set(observedConcurrency);
        decided.desired().set(desiredReplicas);
    }

    @Override
    public void retained(Set<RevisionRef> served) {
        revisions.entrySet().removeIf(entry -> {
            if (served.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().meters().forEach(registry::remove);
            return true;
        });
    }

    private Decided register(RevisionRef revision) {
        Tags tags = Tags.of("namespace", revision.namespace(), "function", revision.function(), "revision",
                revision.revision());
        AtomicLong concurrency = new AtomicLong();
        AtomicLong desired = new AtomicLong();
        return new Decided(concurrency, desired, List.of(
                Gauge.builder("quiver.autoscaler.observed.concurrency", concurrency, AtomicLong::get).tags(tags)
                        .description("Requests in flight and waiting the autoscaler sampled at its last decision.")
                        .register(registry),
                Gauge.builder("quiver.autoscaler.desired.replicas", desired, AtomicLong::get).tags(tags)
                        .description("Replicas the autoscaler decided on last.").register(registry)));
    }
}
