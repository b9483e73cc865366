package dev.quiver.api.testing;

import dev.quiver.api.ArchiveSource;
import dev.quiver.api.BuildSpec;
import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionSpec;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.GitSource;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.Mode;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutFailurePolicy;
import dev.quiver.api.RolloutMode;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.SmokeExpectation;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import dev.quiver.api.StringMatch;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.Triggers;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test fixtures: valid Functions and revisions that a test changes in one place, so that each test shows only
 * the field it is about. Every call builds fresh objects; nothing is shared between tests.
 */
public final class Functions {

    private Functions() {
    }

    /** A valid function as container: only a name and an image. */
    public static Fixture valid(String name) {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        function.getSpec().image = "registry.local/" + name + "@sha256:" + "a".repeat(64);
        return new Fixture(function);
    }

    /** A valid function as code, built from git. */
    public static Fixture built(String name) {
        return valid(name).with(f -> {
            f.getSpec().image = null;
            f.getSpec().build = new BuildSpec();
            f.getSpec().build.git = new GitSource();
            f.getSpec().build.git.url = "https://git.example.com/team/" + name + ".git";
            f.getSpec().build.git.revision = "main";
            f.getSpec().build.git.contextDir = "functions/" + name;
            f.getSpec().build.registry = "registry.local/team";
        });
    }

    /** A valid function as code, built from an archive with its checksum. */
    public static Fixture fromArchive(String name) {
        return built(name).with(f -> {
            f.getSpec().build.git = null;
            f.getSpec().build.archive = new ArchiveSource();
            f.getSpec().build.archive.url = "https://example.com/" + name + ".tar.gz";
            f.getSpec().build.archive.sha256 = "c".repeat(64);
        });
    }

    /** A valid function with the full traffic shape: 90 % latest, 10 % a tagged revision, a header-routed feature revision. */
    public static Fixture withTraffic(String name) {
        return valid(name).with(f -> f.getSpec().traffic = new ArrayList<>(List.of(
                TrafficTarget.latest(90).withTag("current"),
                TrafficTarget.revision(name + "-00001", 10).withTag("stable"),
                headerRouted(name + "-00003", "feature-x", "x-group", "test"))));
    }

    /** A valid function that sets every field of the spec. */
    public static Fixture full(String name) {
        return withTraffic(name).with(f -> {
            FunctionSpec spec = f.getSpec();
            spec.mode = Mode.Service;
            spec.template = fullTemplate();
            spec.triggers = fullTriggers(name);
            spec.traffic.get(2).match.cookies.put("canary", prefix("yes"));
        });
    }

    /** A canary rollout that sets every field, with a smoke test. */
    public static RolloutSpec fullRollout() {
        RolloutSpec rollout = new RolloutSpec();
        rollout.mode = RolloutMode.Canary;
        rollout.steps.add(RolloutStep.of(10, "30s"));
        rollout.steps.add(RolloutStep.of(50, "2m"));
        rollout.analysis = new RolloutAnalysis();
        rollout.analysis.interval = "15s";
        rollout.analysis.maxErrorRate = 2.5;
        rollout.analysis.maxLatencyRatio = 1.5;
        rollout.analysis.maxDeadLetterRate = 1.0;
        rollout.analysis.minRequests = 50;
        SmokeRequest check = SmokeRequest.of("POST", "/check");
        check.body = "{\"Username\":\"smoke\",\"Url\":\"https://example.com\"}";
        check.headers.put("content-type", "application/json");
        check.expect = new SmokeExpectation();
        check.expect.status = 200;
        check.expect.bodyContains = "\"Status\"";
        rollout.smokeTest = new SmokeTest();
        rollout.smokeTest.requests.add(check);
        rollout.onFailure = RolloutFailurePolicy.Rollback;
        return rollout;
    }

    /** A revision as the controller makes it from {@link #full}. */
    public static FunctionRevision revision(String functionName, int number) {
        FunctionRevision revision = new FunctionRevision();
        revision.setMetadata(new ObjectMetaBuilder().withName(String.format("%s-%05d", functionName, number))
                .withNamespace("default").build());
        FunctionRevisionSpec spec = revision.getSpec();
        spec.functionName = functionName;
        spec.image = "registry.local/" + functionName + "@sha256:" + "b".repeat(64);
        spec.mode = Mode.Service;
        spec.template = fullTemplate();
        spec.snapshots.add(ConfigSnapshot.of(ConfigSnapshot.Kind.ConfigMap, "settings", "settings-" + number));
        spec.snapshots.add(ConfigSnapshot.of(ConfigSnapshot.Kind.Secret, "credentials", "credentials-" + number));
        spec.replicas = 2;
        return revision;
    }

    /** A template with every field set. */
    public static FunctionTemplate fullTemplate() {
        FunctionTemplate template = new FunctionTemplate();
        template.env.add(new EnvVar("GREETING", "hello", null));
        template.env.add(new EnvVar("LOG_LEVEL", "debug", null));
        template.envFrom.add(new EnvFromSourceBuilder().withNewConfigMapRef("settings", false).build());
        template.envFrom.add(new EnvFromSourceBuilder().withNewSecretRef("credentials", true).withPrefix("DB_").build());
        template.configFiles.add(MountedFiles.of("settings", "/etc/config"));
        template.secretFiles.add(MountedFiles.of("credentials", "/etc/secrets"));
        template.resources = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("memory", new Quantity("256Mi")).build();
        template.timeoutSeconds = 60;
        template.containerConcurrency = 4;
        template.scale = new ScaleSpec();
        template.scale.min = 1;
        template.scale.max = 5;
        template.scale.target = 10;
        template.scale.scaleToZeroGracePeriod = "1m30s";
        return template;
    }

    private static Triggers fullTriggers(String name) {
        Triggers triggers = new Triggers();
        triggers.http = new HttpTrigger();
        triggers.http.auth = HttpAuth.ApiKey;
        triggers.http.apiKeySecret = new SecretKeySelector("api-key", name + "-keys", false);
        NatsTrigger nats = new NatsTrigger();
        nats.subject = "link-events.*";
        nats.queueGroup = "checkers";
        triggers.nats.add(nats);
        triggers.jetstream.add(jetStream("LINKS", "links.>"));
        triggers.jetstream.get(0).createStream = true;
        triggers.jetstream.get(0).durable = "checker";
        triggers.jetstream.get(0).maxDeliver = 3;
        triggers.jetstream.get(0).ackWait = "45s";
        triggers.jetstream.get(0).backoff = new ArrayList<>(List.of("1s", "10s"));
        triggers.jetstream.get(0).deadLetterSubject = "links.dead";
        triggers.jetstream.get(0).maxAckPending = 50;
        ScheduleTrigger schedule = new ScheduleTrigger();
        schedule.cron = "*/5 * * * *";
        schedule.timeZone = "Europe/Paris";
        schedule.data = "{\"source\":\"cron\"}";
        triggers.schedule.add(schedule);
        return triggers;
    }

    /** A JetStream trigger with only its required fields. */
    public static JetStreamTrigger jetStream(String stream, String subject) {
        JetStreamTrigger trigger = new JetStreamTrigger();
        trigger.stream = stream;
        trigger.subject = subject;
        return trigger;
    }

    /** A target that takes the requests whose header has the given value. */
    public static TrafficTarget headerRouted(String revisionName, String tag, String header, String value) {
        TrafficTarget target = new TrafficTarget();
        target.revisionName = revisionName;
        target.tag = tag;
        target.match = TrafficMatch.header(header, value);
        return target;
    }

    /** A prefix match. */
    public static StringMatch prefix(String value) {
        StringMatch match = new StringMatch();
        match.prefix = value;
        return match;
    }

    /** A Function under construction: a valid base plus the changes a test makes. */
    public static final class Fixture {
        private final Function function;

        private Fixture(Function function) {
            this.function = function;
        }

        /** Applies a change. */
        public Fixture with(Consumer<Function> change) {
            change.accept(function);
            return this;
        }

        /** The function. */
        public Function build() {
            return function;
        }
    }
}
