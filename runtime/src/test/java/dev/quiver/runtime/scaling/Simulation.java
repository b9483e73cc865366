package dev.quiver.runtime.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: one revision under a fake clock, and a platform that obeys every decision at once.
 *
 * <p>Each simulated second advances the clock, records the load the runtime's sampler would see, decides, and
 * sets the replicas to the decision, as the scaling loop does once a second.
 */
final class Simulation {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final Autoscaler autoscaler;
    private Instant now = START;
    private int replicas;

    Simulation(ScalingPolicy policy, int replicas) {
        this.autoscaler = new Autoscaler(policy, START);
        this.replicas = replicas;
    }

    /** {@code seconds} of a steady concurrency; the decision of every second, in order. */
    List<ScaleDecision> load(int seconds, double concurrency) {
        List<ScaleDecision> decisions = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            now = now.plusSeconds(1);
            autoscaler.record(now, concurrency);
            decisions.add(decideNow());
        }
        return decisions;
    }

    /** {@code seconds} of a steady event backlog and no requests; the decision of every second, in order. */
    List<ScaleDecision> backlog(int seconds, long messages) {
        List<ScaleDecision> decisions = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            now = now.plusSeconds(1);
            autoscaler.record(now, 0);
            autoscaler.recordBacklog(now, messages);
            decisions.add(decideNow());
        }
        return decisions;
    }

    /** {@code seconds} with nothing in flight; the last decision. */
    ScaleDecision idle(int seconds) {
        return last(load(seconds, 0));
    }

    /** Moves the clock without any sample or decision, as when the scaling loop of a revision at zero sleeps. */
    void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Decides at the current instant and applies the decision. */
    ScaleDecision decideNow() {
        ScaleDecision decision = autoscaler.decide(now, replicas);
        replicas = decision.desiredReplicas();
        return decision;
    }

    Autoscaler autoscaler() {
        return autoscaler;
    }

    Instant now() {
        return now;
    }

    int replicas() {
        return replicas;
    }

    static ScaleDecision last(List<ScaleDecision> decisions) {
        return decisions.get(decisions.size() - 1);
    }

    static List<Integer> replicasOf(List<ScaleDecision> decisions) {
        return decisions.stream().map(ScaleDecision::desiredReplicas).toList();
    }
}
