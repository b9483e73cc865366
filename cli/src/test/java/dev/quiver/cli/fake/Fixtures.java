package dev.quiver.cli.fake;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.Mode;
import dev.quiver.api.NatsTrigger;
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
