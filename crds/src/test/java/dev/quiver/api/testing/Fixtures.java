package dev.quiver.api.testing;

import dev.quiver.api.BuildSpec;
import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.GitSource;
import dev.quiver.api.Mode;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutMeasurement;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.RolloutVerdict;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.Triggers;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.revisions.RevisionNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builders of Functions and revisions for every module's tests, in two kinds: a Function as the API serves it
 * (with a status, changed by option functions: {@link #function(String, Consumer[])}) and a valid spec for a
 * reconciler or platform to act on ({@link #function(String, String, String)}, changed by the {@code with...}
 * steps). Every call builds fresh objects. {@link Functions} holds the fully populated specs of the API's own tests.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * A function as the API serves it (no namespace, image {@code registry.local/NAME:dev}, an empty status with its
     * URL), changed by the options.
     */
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

    /** A valid Function in mode Service running the given image, with all defaults. */
    public static Function function(String namespace, String name, String image) {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        function.getSpec().image = image;
        function.getSpec().template = new FunctionTemplate();
        return function;
    }

    /** A valid Function built from a git repository at a revision, pushed to {@code registry.local:5000/team}. */
    public static Function built(String namespace, String name, String gitUrl, String revision) {
        Function function = function(namespace, name, null);
        function.getSpec().build = new BuildSpec();
        function.getSpec().build.git = new GitSource();
        function.getSpec().build.git.url = gitUrl;
        function.getSpec().build.git.revision = revision;
        function.getSpec().build.registry = "registry.local:5000/team";
        return function;
    }

    /** A valid Function built from the source files in a ConfigMap. */
    public static Function builtFromConfigMap(String namespace, String name, String configMap) {
        Function function = function(namespace, name, null);
        function.getSpec().build = new BuildSpec();
        function.getSpec().build.configMap = configMap;
        function.getSpec().build.registry = "registry.local:5000/team";
        return function;
    }

    /** Sets an environment variable of the template (a template change). */
    public static Function withEnv(Function function, String name, String value) {
        function.getSpec().template.env.removeIf(e -> e.getName().equals(name));
        function.getSpec().template.env.add(new EnvVar(name, value, null));
        return function;
    }

    /** Sets the mode. */
    public static Function withMode(Function function, Mode mode) {
        function.getSpec().mode = mode;
        return function;
    }

    /** Sets the scale bounds (not a template change). */
    public static Function withScale(Function function, int min, int max) {
        ScaleSpec scale = new ScaleSpec();
        scale.min = min;
        scale.max = max;
        function.getSpec().template.scale = scale;
        return function;
    }

    /** Mounts a ConfigMap as files. */
    public static Function withConfigFiles(Function function, String configMap, String mountPath) {
        function.getSpec().template.configFiles.add(MountedFiles.of(configMap, mountPath));
        return function;
    }

    /** Adds a schedule trigger (time zone and data may be null). */
    public static Function withSchedule(Function function, String cron, String timeZone, String data) {
        ScheduleTrigger schedule = new ScheduleTrigger();
        schedule.cron = cron;
        schedule.timeZone = timeZone;
        schedule.data = data;
        triggers(function).schedule.add(schedule);
        return function;
    }

    /** Adds a core NATS trigger with the default queue group. */
    public static Function withNats(Function function, String subject) {
        nats(subject).accept(function);
        return function;
    }

    /** Adds a JetStream trigger on an existing stream, with the defaults. */
    public static Function withJetStream(Function function, String stream, String subject) {
        jetstream(stream, subject).accept(function);
        return function;
    }

    /** Replaces the traffic. */
    public static Function withTraffic(Function function, TrafficTarget... targets) {
        function.getSpec().traffic = new ArrayList<>(List.of(targets));
        return function;
    }

    /** A ConfigMap with the given data. */
    public static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withData(data).build();
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
        return function -> triggers(function).jetstream.add(Functions.jetStream(stream, subject));
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
