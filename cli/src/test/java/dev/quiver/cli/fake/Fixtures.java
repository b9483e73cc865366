package dev.quiver.cli.fake;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.Mode;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutMeasurement;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.RolloutVerdict;
import dev.quiver.api.Triggers;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.revisions.RevisionNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.function.Consumer;

/** Builders of the API objects the fake runtime serves: a function or revision plus option functions. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A function with an empty status, changed by the options. */
    @SafeVarargs
    public static Function function(String name, Consumer<Function>... options) {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withName(name).build());
        function.getSpec().image = "registry.local/" + name + ":dev";
        function.setStatus(new FunctionStatus());
        function.getStatus().url = "http://localhost:8080/fn/" + name;
        for (Consumer<Function> option : options) {
            option.accept(function);
        }
        return function;
    }

    /** Ready on the given revision. */
    public static Consumer<Function> readyOn(String revision) {
        return function -> {
            function.getStatus().latestReadyRevisionName = revision;
            function.getStatus().latestCreatedRevisionName = revision;
            function.getStatus().conditions.add(Condition.of(ConditionTypes.READY, Condition.TRUE, null, null));
        };
    }

    /** Not ready, for the reason given. */
    public static Consumer<Function> failing(String reason, String message) {
        return function -> function.getStatus().conditions.add(
                Condition.of(ConditionTypes.READY, Condition.FALSE, reason, message));
    }

    /** Served traffic (status) as given. */
    public static Consumer<Function> serving(TrafficTarget... targets) {
        return function -> {
            for (TrafficTarget target : targets) {
                function.getStatus().traffic.add(target);
                function.getSpec().traffic.add(target);
            }
        };
    }

    /** Triggered by a JetStream consumer on the stream and subject. */
    public static Consumer<Function> jetstream(String stream, String subject) {
        return function -> {
            JetStreamTrigger trigger = new JetStreamTrigger();
            trigger.stream = stream;
            trigger.subject = subject;
            triggers(function).jetstream.add(trigger);
        };
    }

    /** Triggered by a core NATS subscription on the subject. */
    public static Consumer<Function> nats(String subject) {
        return function -> {
            NatsTrigger trigger = new NatsTrigger();
            trigger.subject = subject;
            triggers(function).nats.add(trigger);
        };
    }

    /** Run in Job mode: one Job per event. */
    public static Consumer<Function> jobMode() {
        return function -> function.getSpec().mode = Mode.Job;
    }

    /** A canary plan: the steps at the given weights, each holding 30s, rolled back on failure. */
    public static Consumer<Function> canary(int... weights) {
        return function -> {
            function.getSpec().rollout = new RolloutSpec();
            for (int weight : weights) {
                function.getSpec().rollout.steps.add(RolloutStep.of(weight, "30s"));
            }
        };
    }

    /**
     * A rollout of {@code revision} against {@code stable} as the driver reports it: step 2 of 3 at 25 %, its first
     * step passed with its numbers, the second measured so far.
     */
    public static Consumer<Function> rollingOut(String revision, String stable, RolloutPhase phase, String message) {
        return function -> {
            RolloutStatus rollout = new RolloutStatus();
            rollout.revision = revision;
            rollout.stableRevision = stable;
            rollout.phase = phase;
            rollout.step = 2;
            rollout.steps = 3;
            rollout.currentWeight = 25;
            rollout.stepStartedAt = "2026-01-01T00:01:00Z";
            rollout.message = message;
            rollout.lastAnalysis = measurement(12, 0.5, 120, 100);
            RolloutDecision first = new RolloutDecision();
            first.step = 1;
            first.weight = 10;
            first.verdict = RolloutVerdict.Passed;
            first.measurement = measurement(40, 0.0, 110, 100);
            first.message = "40 requests, error rate 0.0 % <= 1 %, p95 110 ms <= 1.5 x 100 ms";
            first.decidedAt = "2026-01-01T00:01:00Z";
            rollout.decisions.add(first);
            function.getStatus().rollout = rollout;
        };
    }

    /** A measurement with these numbers and no events. */
    public static RolloutMeasurement measurement(long requests, double errorRate, long p95, long stableP95) {
        RolloutMeasurement measurement = new RolloutMeasurement();
        measurement.requests = requests;
        measurement.errorRate = errorRate;
        measurement.p95Millis = p95;
        measurement.stableP95Millis = stableP95;
        measurement.measuredAt = "2026-01-01T00:01:30Z";
        return measurement;
    }

    private static Triggers triggers(Function function) {
        if (function.getSpec().triggers == null) {
            function.getSpec().triggers = new Triggers();
        }
        return function.getSpec().triggers;
    }

    /** The n-th revision of a function, changed by the options. */
    @SafeVarargs
    public static FunctionRevision revision(String function, int number, Consumer<FunctionRevision>... options) {
        FunctionRevision revision = new FunctionRevision();
        revision.setMetadata(new ObjectMetaBuilder().withName(RevisionNames.of(function, number)).build());
        revision.getSpec().functionName = function;
        revision.getSpec().image = "registry.local/" + function + ":" + number;
        revision.setStatus(new FunctionRevisionStatus());
        for (Consumer<FunctionRevision> option : options) {
            option.accept(revision);
        }
        return revision;
    }

    /** Ready with the given replicas. */
    public static Consumer<FunctionRevision> ready(int replicas) {
        return revision -> {
            revision.getStatus().actualReplicas = replicas;
            revision.getStatus().desiredReplicas = replicas;
            revision.getStatus().conditions.add(Condition.of(ConditionTypes.READY, Condition.TRUE, null, null));
        };
    }

    /** Failed, for the reason given. */
    public static Consumer<FunctionRevision> failed(String reason, String message) {
        return revision -> revision.getStatus().conditions.add(
                Condition.of(ConditionTypes.READY, Condition.FALSE, reason, message));
    }
}
