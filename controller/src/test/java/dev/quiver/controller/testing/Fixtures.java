package dev.quiver.controller.testing;

import dev.quiver.api.BuildSpec;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.GitSource;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.Mode;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.Triggers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders of test objects: one valid Function, changed by small named steps. */
public final class Fixtures {

    private Fixtures() {
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
        if (function.getSpec().triggers == null) {
            function.getSpec().triggers = new Triggers();
        }
        function.getSpec().triggers.schedule.add(schedule);
        return function;
    }

    /** Adds a core NATS trigger with the default queue group. */
    public static Function withNats(Function function, String subject) {
        NatsTrigger trigger = new NatsTrigger();
        trigger.subject = subject;
        if (function.getSpec().triggers == null) {
            function.getSpec().triggers = new Triggers();
        }
        function.getSpec().triggers.nats.add(trigger);
        return function;
    }

    /** Adds a JetStream trigger on an existing stream, with the defaults. */
    public static Function withJetStream(Function function, String stream, String subject) {
        JetStreamTrigger trigger = new JetStreamTrigger();
        trigger.stream = stream;
        trigger.subject = subject;
        if (function.getSpec().triggers == null) {
            function.getSpec().triggers = new Triggers();
        }
        function.getSpec().triggers.jetstream.add(trigger);
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
}
