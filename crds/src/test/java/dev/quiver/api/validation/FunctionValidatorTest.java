package dev.quiver.api.validation;

import static dev.quiver.api.testing.Functions.jetStream;
import static dev.quiver.api.testing.Functions.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.Function;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.HttpAuth;
import dev.quiver.api.HttpTrigger;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.StickySplit;
import dev.quiver.api.StringMatch;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.Triggers;
import dev.quiver.api.revisions.ConfigCopyNames;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid Function, made from a valid fixture by one change, reports exactly the problems a person must fix. */
class FunctionValidatorTest {

    private static final String NAME_RULE = " must be at most 52 lowercase letters, digits and '-', "
            + "starting with a letter and ending with a letter or digit";
    private static final String DURATION_RULE = " is not a duration; write it like 500ms, 30s, 5m or 1h30m";
    private static final String SUBJECT_RULE = " is not a NATS subject: dot-separated tokens without spaces, "
            + "'*' for one token, '>' only at the end";

    @Test
    void imageBasedFunctionIsValid() {
        assertThat(FunctionValidator.validate(Functions.valid("hello").build())).isEmpty();
    }

    @Test
    void buildBasedFunctionIsValid() {
        assertThat(FunctionValidator.validate(Functions.built("hello").build())).isEmpty();
    }

    @Test
    void archiveBasedFunctionWithItsChecksumIsValid() {
        assertThat(FunctionValidator.validate(Functions.fromArchive("hello").build())).isEmpty();
    }

    @Test
    void templateMaySetTheAddressesAndTheSdkSettings() {
        Function function = Functions.valid("hello").with(f -> f.getSpec().template = template(t -> {
            t.env.add(env("QUIVER_GATEWAY_URL", "http://gateway.team:8080"));
            t.env.add(env("NATS_URL", "nats://team-nats:4222"));
            t.env.add(env("QUIVER_DRAIN_TIMEOUT", "20s"));
            t.env.add(env("QUIVER_CLIENT_TIMEOUT", "5s"));
            t.env.add(env("QUIVER_DEFAULT_FUNCTION", "greet"));
            t.env.add(env("K_REVISION", "knative-style"));
        })).build();

        assertThat(FunctionValidator.validate(function)).isEmpty();
    }

    @Test
    void longestSourceNamesForARevisionCopyAreValid() {
        String function = "f".repeat(FunctionValidator.MAX_NAME_LENGTH);
        Function longest = Functions.valid(function).with(f -> f.getSpec().template = template(t -> {
            t.configFiles.add(MountedFiles.of("c".repeat(ConfigCopyNames.maxSourceName(function, ConfigSnapshot.Kind.ConfigMap)), "/etc/c"));
            t.secretFiles.add(MountedFiles.of("s".repeat(ConfigCopyNames.maxSourceName(function, ConfigSnapshot.Kind.Secret)), "/etc/s"));
        })).build();

        assertThat(FunctionValidator.validate(longest)).isEmpty();
        // The copy of the n-th revision is <function>-<n>-secret-<source>: n up to the largest int still fits.
        assertThat(function.length() + ("-" + Integer.MAX_VALUE).length() + "-secret-".length()
                + ConfigCopyNames.maxSourceName(function, ConfigSnapshot.Kind.Secret)).isEqualTo(253);
    }

    @Test
    void stickySplitByACookieOrAHeaderIsValid() {
        assertThat(FunctionValidator.validate(Functions.withTraffic("hello")
                .with(f -> f.getSpec().sticky = StickySplit.byCookie("quiver-split")).build())).isEmpty();
        assertThat(FunctionValidator.validate(Functions.withTraffic("hello")
                .with(f -> f.getSpec().sticky = StickySplit.byHeader("X-User-Id")).build())).isEmpty();
    }

    @Test
    void fullySpecifiedFunctionWithTagsAndHeaderRulesIsValid() {
        assertThat(FunctionValidator.validate(Functions.full("link-checker").build())).isEmpty();
    }

    @Test
    void functionWithSeveralProblemsReportsAllOfThem() {
        Function function = Functions.valid("hello").with(f -> {
            f.getSpec().template = new FunctionTemplate();
            f.getSpec().template.timeoutSeconds = 0;
            f.getSpec().template.containerConcurrency = 5000;
            f.getSpec().traffic.add(TrafficTarget.latest(50));
        }).build();

        assertThat(FunctionValidator.validate(function)).containsExactly(
                new Problem("spec.template.timeoutSeconds", "must be between 1 and 3600, got 0"),
                new Problem("spec.template.containerConcurrency", "must be between 0 (no limit) and 1000, got 5000"),
                new Problem("spec.traffic", "the percents of the targets without a match rule add up to 50; they must add up to 100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFunctions")
    void invalidFunctionReportsExactlyItsProblems(Function function, Problem[] expected) {
        assertThat(FunctionValidator.validate(function)).containsExactly(expected);
    }

    static Stream<Arguments> invalidFunctions() {
        return Stream.of(
                // metadata
                invalid("name is missing", f -> f.getMetadata().setName(null),
                        problem("metadata.name", "is required")),
                invalid("name has capitals", f -> f.getMetadata().setName("Hello"),
                        problem("metadata.name", "'Hello'" + NAME_RULE)),
                invalid("name leaves no room for the revision suffix", f -> f.getMetadata().setName("a".repeat(53)),
                        problem("metadata.name", "'" + "a".repeat(53) + "'" + NAME_RULE)),
                // source
                invalid("spec is missing", f -> f.setSpec(null),
                        problem("spec", "is required: set spec.image or spec.build")),
                invalid("neither image nor build", f -> f.getSpec().image = null,
                        problem("spec", "needs image (a built image to run) or build (source for Quiver to build)")),
                invalid("both image and build", Functions.built("hello").with(f -> f.getSpec().image = "registry.local/hello:1"),
                        problem("spec", "sets both image and build; keep one: image to run a built image, build to have Quiver build the source")),
                invalid("image with whitespace", f -> f.getSpec().image = "registry.local/hello :1",
                        problem("spec.image", "'registry.local/hello :1' is not an image reference: it contains whitespace")),
                invalid("build without a source", Functions.built("hello").with(f -> f.getSpec().build.git = null),
                        problem("spec.build", "needs exactly one source of git, configMap or archive, found 0")),
                invalid("build with two sources", Functions.built("hello").with(f -> f.getSpec().build.configMap = "hello-src"),
                        problem("spec.build", "needs exactly one source of git, configMap or archive, found 2")),
                invalid("build without a registry", Functions.built("hello").with(f -> f.getSpec().build.registry = " "),
                        problem("spec.build.registry", "is required: the image repository the build pushes to, e.g. registry.example.com/team/fn")),
                invalid("git URL with an unknown scheme", Functions.built("hello").with(f -> f.getSpec().build.git.url = "ftp://git.example.com/x"),
                        problem("spec.build.git.url", "'ftp://git.example.com/x' must be an https://, ssh:// or git@ clone URL")),
                invalid("git URL over plain http", Functions.built("hello").with(f -> f.getSpec().build.git.url = "http://git.example.com/x.git"),
                        problem("spec.build.git.url", "'http://git.example.com/x.git' must be an https://, ssh:// or git@ clone URL: "
                                + "over plain http:// anyone on the way could read or change the source that is built")),
                invalid("git revision git would read as an option", Functions.built("hello").with(f -> f.getSpec().build.git.revision = "--orphan=x"),
                        problem("spec.build.git.revision", "'--orphan=x' starts with '-', which git would read as an option; name a branch, tag or commit")),
                invalid("git revision with a space", Functions.built("hello").with(f -> f.getSpec().build.git.revision = "v1 --force"),
                        problem("spec.build.git.revision", "'v1 --force' holds whitespace or a control character, which no branch, tag or commit name has")),
                invalid("git revision with a newline", Functions.built("hello").with(f -> f.getSpec().build.git.revision = "v1\n"),
                        problem("spec.build.git.revision", "'v1\n' holds whitespace or a control character, which no branch, tag or commit name has")),
                invalid("empty git revision", Functions.built("hello").with(f -> f.getSpec().build.git.revision = ""),
                        problem("spec.build.git.revision", "is empty; name a branch, tag or commit, or leave it out to build main")),
                invalid("git context folder outside the repository", Functions.built("hello").with(f -> f.getSpec().build.git.contextDir = "functions/../../secrets"),
                        problem("spec.build.git.contextDir", "'functions/../../secrets' has a '..' segment, which leads out of the repository; "
                                + "name a folder inside it, e.g. functions/hello")),
                invalid("archive URL that is not HTTPS", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.url = "file:///tmp/src.tar.gz"),
                        problem("spec.build.archive.url", "'file:///tmp/src.tar.gz' must be an https:// URL")),
                invalid("archive URL over plain http", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.url = "http://example.com/src.tar.gz"),
                        problem("spec.build.archive.url", "'http://example.com/src.tar.gz' must be an https:// URL: over plain http:// "
                                + "anyone on the way could read the source and any token in the URL")),
                invalid("archive without a checksum", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.sha256 = null),
                        problem("spec.build.archive.sha256", "is required: the build checks the download against it; "
                                + "compute it with sha256sum <archive> (shasum -a 256 <archive> on macOS)")),
                invalid("archive checksum that is not SHA-256 hex", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.sha256 = "ABC"),
                        problem("spec.build.archive.sha256", "must be 64 lowercase hex digits, as sha256sum <archive> prints")),
                // probes
                invalid("probe on the gateway's route", f -> f.getSpec().template = template(t -> t.readinessProbe = HealthProbe.httpGet("/fn/hello/q/health/ready")),
                        problem("spec.template.readinessProbe.httpGet.path", "'/fn/hello/q/health/ready' is the gateway's route, which the function never "
                                + "sees: probes go straight to the app, so use its own path, e.g. /q/health/ready")),
                invalid("probe on another port", f -> f.getSpec().template = template(t -> {
                    t.livenessProbe = HealthProbe.tcpSocket();
                    t.livenessProbe.tcpSocket.port = 9000;
                }), problem("spec.template.livenessProbe.tcpSocket.port", "port 9000 is not the function's port: probes go to the port the "
                        + "function serves on ($PORT, 8080 in a pod, a free one per local replica); leave port out")),
                invalid("probe path with a query", f -> f.getSpec().template = template(t -> t.readinessProbe = HealthProbe.httpGet("/ready?deep=1")),
                        problem("spec.template.readinessProbe.httpGet.path", "'/ready?deep=1' must be a path starting with '/', without spaces, "
                                + "query or fragment, e.g. /q/health/ready")),
                invalid("probe with both checks", f -> f.getSpec().template = template(t -> {
                    t.readinessProbe = HealthProbe.httpGet("/ready");
                    t.readinessProbe.tcpSocket = new HealthProbe.TcpSocketAction();
                }), problem("spec.template.readinessProbe", "needs exactly one of httpGet (a path the app answers 2xx on) or tcpSocket (a connect to $PORT)")),
                // env and files
                invalid("env name starting with a digit", f -> f.getSpec().template = template(t -> t.env.add(new EnvVar("1X", "v", null))),
                        problem("spec.template.env[0].name", "'1X' is not a valid environment variable name (letters, digits and _, not starting with a digit)")),
                invalid("env name reserved by Quiver", f -> f.getSpec().template = template(t -> t.env.add(new EnvVar("PORT", "9000", null))),
                        problem("spec.template.env[0].name", "PORT is set by Quiver; choose another name")),
                invalid("env name of the port for Quarkus apps", f -> f.getSpec().template = template(t -> t.env.add(env("QUARKUS_HTTP_PORT", "9000"))),
                        problem("spec.template.env[0].name", "QUARKUS_HTTP_PORT is set by Quiver; choose another name")),
                invalid("env name of the namespace", f -> f.getSpec().template = template(t -> t.env.add(env("QUIVER_NAMESPACE", "other"))),
                        problem("spec.template.env[0].name", "QUIVER_NAMESPACE is set by Quiver; choose another name")),
                invalid("env name of the propagated headers", f -> f.getSpec().template = template(t -> t.env.add(env("QUIVER_PROPAGATE_HEADERS", "x-user"))),
                        problem("spec.template.env[0].name", "QUIVER_PROPAGATE_HEADERS is set by Quiver; choose another name")),
                invalid("env name of job mode", f -> f.getSpec().template = template(t -> t.env.add(env("QUIVER_MODE", "Job"))),
                        problem("spec.template.env[0].name", "QUIVER_MODE is set by Quiver; choose another name")),
                invalid("env name of a job's event", f -> f.getSpec().template = template(t -> t.env.add(env("QUIVER_EVENT", "{}"))),
                        problem("spec.template.env[0].name", "QUIVER_EVENT is set by Quiver; choose another name")),
                invalid("env name reserved by Quiver in lower case", f -> f.getSpec().template = template(t -> t.env.add(env("quiver_revision", "fake"))),
                        problem("spec.template.env[0].name", "quiver_revision is QUIVER_REVISION in another case, which Quiver sets "
                                + "and Quarkus reads as the same setting; choose another name")),
                invalid("env name with the platform's prefix", f -> f.getSpec().template = template(t -> t.env.add(env("QUIVER_TOKEN", "x"))),
                        problem("spec.template.env[0].name", "QUIVER_TOKEN: names starting with QUIVER_ belong to the platform, and a "
                                + "template may set only QUIVER_GATEWAY_URL, QUIVER_DRAIN_TIMEOUT, QUIVER_CLIENT_TIMEOUT, "
                                + "QUIVER_DEFAULT_FUNCTION; choose another name")),
                invalid("env name of the bind address", f -> f.getSpec().template = template(t -> t.env.add(env("QUARKUS_HTTP_HOST", "127.0.0.1"))),
                        problem("spec.template.env[0].name", "QUARKUS_HTTP_HOST is chosen by the platform: a local replica binds "
                                + "127.0.0.1 and a pod every address, else the gateway and the probes cannot reach it; remove it")),
                invalid("env value over 64 KiB", f -> f.getSpec().template = template(t -> t.env.add(env("BIG", "x".repeat(65537)))),
                        problem("spec.template.env[0].value", "is 65537 bytes; a value may hold at most 65536 (64 KiB), as Linux "
                                + "starts no process with a variable over 128 KiB: put larger content in a ConfigMap and mount it "
                                + "with configFiles")),
                invalid("env over 256 KiB in all", f -> f.getSpec().template = template(t -> {
                    for (int i = 0; i < 5; i++) {
                        t.env.add(env("PART_" + i, "é".repeat(30000)));
                    }
                }), problem("spec.template.env", "names and values add up to 300030 bytes; at most 262144 (256 KiB) fit, as "
                        + "the template is stored in the Function, in each revision and in its pod spec, and Kubernetes keeps "
                        + "no object over about 1.5 MiB: move large values into a ConfigMap (envFrom or configFiles)")),
                invalid("env name set twice", f -> f.getSpec().template = template(t -> {
                    t.env.add(new EnvVar("MODE", "a", null));
                    t.env.add(new EnvVar("MODE", "b", null));
                }), problem("spec.template.env[1].name", "MODE is set twice")),
                invalid("envFrom naming neither a ConfigMap nor a Secret", f -> f.getSpec().template = template(t -> t.envFrom.add(new EnvFromSource())),
                        problem("spec.template.envFrom[0]", "needs exactly one of configMapRef or secretRef")),
                invalid("config files without a ConfigMap name", f -> f.getSpec().template = template(t -> t.configFiles.add(MountedFiles.of(null, "/etc/config"))),
                        problem("spec.template.configFiles[0].name", "is required")),
                invalid("relative mount path", f -> f.getSpec().template = template(t -> t.secretFiles.add(MountedFiles.of("keys", "etc/keys"))),
                        problem("spec.template.secretFiles[0].mountPath", "'etc/keys' must be an absolute path such as /etc/config")),
                invalid("secret files mounted over config files", f -> f.getSpec().template = template(t -> {
                    t.configFiles.add(MountedFiles.of("settings", "/etc/app"));
                    t.secretFiles.add(MountedFiles.of("keys", "/etc/app"));
                }), problem("spec.template.secretFiles[0].mountPath", "/etc/app is already used by another mount")),
                invalid("the same folder written another way", f -> f.getSpec().template = template(t -> {
                    t.configFiles.add(MountedFiles.of("settings", "/etc/app"));
                    t.secretFiles.add(MountedFiles.of("keys", "/etc//app/./"));
                }), problem("spec.template.secretFiles[0].mountPath", "/etc//app/./ is already used by another mount")),
                invalid("config files mounted at /tmp", f -> f.getSpec().template = template(t -> t.configFiles.add(MountedFiles.of("settings", "/tmp"))),
                        problem("spec.template.configFiles[0].mountPath", "'/tmp' is /tmp or under it, where every replica has its "
                                + "writable scratch folder (an emptyDir in a pod), which a mount would clash with; mount at a folder "
                                + "of its own, e.g. /etc/settings")),
                invalid("secret files mounted under /tmp", f -> f.getSpec().template = template(t -> t.secretFiles.add(MountedFiles.of("keys", "/tmp/keys"))),
                        problem("spec.template.secretFiles[0].mountPath", "'/tmp/keys' is /tmp or under it, where every replica has its "
                                + "writable scratch folder (an emptyDir in a pod), which a mount would clash with; mount at a folder "
                                + "of its own, e.g. /etc/keys")),
                invalid("config files mounted at the root", f -> f.getSpec().template = template(t -> t.configFiles.add(MountedFiles.of("settings", "/"))),
                        problem("spec.template.configFiles[0].mountPath", "'/' would hide the image's whole filesystem; mount at a "
                                + "folder of its own, e.g. /etc/settings")),
                invalid("mount path with a '..' segment", f -> f.getSpec().template = template(t -> t.secretFiles.add(MountedFiles.of("keys", "/etc/../tmp"))),
                        problem("spec.template.secretFiles[0].mountPath", "'/etc/../tmp' has a '..' segment, so it names another folder "
                                + "than it seems; write the folder itself: mount at a folder of its own, e.g. /etc/keys")),
                invalid("config files mounted under /dev", f -> f.getSpec().template = template(t -> t.configFiles.add(MountedFiles.of("settings", "/dev/shm"))),
                        problem("spec.template.configFiles[0].mountPath", "'/dev/shm' is under /dev, which the container runtime provides; "
                                + "mount at a folder of its own, e.g. /etc/settings")),
                invalid("config files mounted over /etc", f -> f.getSpec().template = template(t -> t.configFiles.add(MountedFiles.of("settings", "/etc/"))),
                        problem("spec.template.configFiles[0].mountPath", "'/etc/' would hide the image's /etc (users, CA certificates) "
                                + "and the files Kubernetes puts there (hosts, resolv.conf); mount at a folder of its own, e.g. /etc/settings")),
                // names of the ConfigMaps and Secrets a revision copies
                invalid("ConfigMap name with capitals", f -> f.getSpec().template = template(t -> t.envFrom.add(
                        new EnvFromSourceBuilder().withNewConfigMapRef("Settings", false).build())),
                        problem("spec.template.envFrom[0].configMapRef.name", "'Settings' is not a ConfigMap name: at most 253 lowercase "
                                + "letters, digits, '-' and '.', starting and ending with a letter or digit")),
                invalid("Secret reference without a name", f -> f.getSpec().template = template(t -> t.envFrom.add(
                        new EnvFromSourceBuilder().withNewSecretRef(null, false).build())),
                        problem("spec.template.envFrom[0].secretRef.name", "is required")),
                invalid("ConfigMap name too long for a revision's copy", f -> f.getSpec().template = template(t -> t.configFiles.add(
                        MountedFiles.of("c".repeat(234), "/etc/settings"))),
                        problem("spec.template.configFiles[0].name", "is 234 characters long; a ConfigMap that hello reads may have at "
                                + "most 233: each revision keeps a copy named <revision>-cm-<name>, and a name has at most 253 characters")),
                invalid("Secret name too long for a revision's copy", f -> f.getSpec().template = template(t -> t.env.add(new EnvVarBuilder()
                        .withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("token", "s".repeat(230), false).endValueFrom().build())),
                        problem("spec.template.env[0].valueFrom.secretKeyRef.name", "is 230 characters long; a Secret that hello reads may "
                                + "have at most 229: each revision keeps a copy named <revision>-secret-<name>, and a name has at most "
                                + "253 characters")),
                // limits and scale
                invalid("timeout of zero", f -> f.getSpec().template = template(t -> t.timeoutSeconds = 0),
                        problem("spec.template.timeoutSeconds", "must be between 1 and 3600, got 0")),
                invalid("timeout over an hour", f -> f.getSpec().template = template(t -> t.timeoutSeconds = 3601),
                        problem("spec.template.timeoutSeconds", "must be between 1 and 3600, got 3601")),
                invalid("negative container concurrency", f -> f.getSpec().template = template(t -> t.containerConcurrency = -1),
                        problem("spec.template.containerConcurrency", "must be between 0 (no limit) and 1000, got -1")),
                invalid("negative scale minimum", f -> f.getSpec().template = scale(s -> s.min = -1),
                        problem("spec.template.scale.min", "must be between 0 and 1000, got -1")),
                invalid("scale maximum of zero", f -> f.getSpec().template = scale(s -> s.max = 0),
                        problem("spec.template.scale.max", "must be between 1 and 1000, got 0")),
                invalid("scale minimum above maximum", f -> f.getSpec().template = scale(s -> {
                    s.min = 5;
                    s.max = 2;
                }), problem("spec.template.scale", "min (5) is greater than max (2)")),
                invalid("scale minimum above the default maximum", f -> f.getSpec().template = scale(s -> s.min = 20),
                        problem("spec.template.scale", "min (20) is greater than max (10)")),
                invalid("scale target of zero", f -> f.getSpec().template = scale(s -> s.target = 0),
                        problem("spec.template.scale.target", "must be between 1 and 10000 requests in flight per replica, got 0")),
                invalid("grace period without a unit", f -> f.getSpec().template = scale(s -> s.scaleToZeroGracePeriod = "30"),
                        problem("spec.template.scale.scaleToZeroGracePeriod", "'30'" + DURATION_RULE)),
                // NATS
                invalid("NATS subject missing", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats(null, null))),
                        problem("spec.triggers.nats[0].subject", "is required")),
                invalid("NATS subject with a space", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats("link events", null))),
                        problem("spec.triggers.nats[0].subject", "'link events'" + SUBJECT_RULE)),
                invalid("NATS subject with > before the end", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats("links.>.x", null))),
                        problem("spec.triggers.nats[0].subject", "'links.>.x'" + SUBJECT_RULE)),
                invalid("NATS queue group with a slash", f -> f.getSpec().triggers = triggers(t -> t.nats.add(nats("links", "a/b"))),
                        problem("spec.triggers.nats[0].queueGroup", "'a/b' may hold only letters, digits, '_', '.' and '-'")),
                // JetStream
                invalid("JetStream stream missing", f -> f.getSpec().triggers = triggers(t -> t.jetstream.add(jetStream(null, "links"))),
                        problem("spec.triggers.jetstream[0].stream", "is required")),
                invalid("JetStream stream with a dot", f -> f.getSpec().triggers = triggers(t -> t.jetstream.add(jetStream("LINKS.V1", "links"))),
                        problem("spec.triggers.jetstream[0].stream", "'LINKS.V1' may hold only letters, digits, '_' and '-'")),
                invalid("JetStream durable with a space", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).durable = "my durable";
                }), problem("spec.triggers.jetstream[0].durable", "'my durable' may hold only letters, digits, '_' and '-'")),
                invalid("JetStream durable used twice", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links.a"));
                    t.jetstream.add(jetStream("LINKS", "links.b"));
                    t.jetstream.forEach(js -> js.durable = "checker");
                }), problem("spec.triggers.jetstream[1].durable", "checker is used by another JetStream trigger of this function")),
                invalid("JetStream maxDeliver of zero", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).maxDeliver = 0;
                }), problem("spec.triggers.jetstream[0].maxDeliver", "must be between 1 and 100, got 0")),
                invalid("JetStream maxAckPending of zero", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).maxAckPending = 0;
                }), problem("spec.triggers.jetstream[0].maxAckPending", "must be between 1 and 100000, got 0")),
                invalid("JetStream ackWait in words", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).ackWait = "1 minute";
                }), problem("spec.triggers.jetstream[0].ackWait", "'1 minute'" + DURATION_RULE)),
                invalid("JetStream backoff with a bad step", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).backoff.add("1s");
                    t.jetstream.get(0).backoff.add("5x");
                }), problem("spec.triggers.jetstream[0].backoff[1]", "'5x'" + DURATION_RULE)),
                invalid("JetStream dead-letter subject with a wildcard", f -> f.getSpec().triggers = triggers(t -> {
                    t.jetstream.add(jetStream("LINKS", "links"));
                    t.jetstream.get(0).deadLetterSubject = "dead.*";
                }), problem("spec.triggers.jetstream[0].deadLetterSubject", "'dead.*' must be a subject without wildcards")),
                // schedule
                invalid("cron with four fields", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule("*/5 * * *"))),
                        problem("spec.triggers.schedule[0].cron", "'*/5 * * *' has 4 fields; a cron expression has 5: minute hour day-of-month month day-of-week")),
                invalid("cron minute out of range", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule("60 * * * *"))),
                        problem("spec.triggers.schedule[0].cron", "'60' is not a valid minute field (0-59)")),
                invalid("cron with an inverted range", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule("* 18-9 * * *"))),
                        problem("spec.triggers.schedule[0].cron", "'18-9' is not a valid hour field (0-23)")),
                invalid("cron missing", f -> f.getSpec().triggers = triggers(t -> t.schedule.add(schedule(null))),
                        problem("spec.triggers.schedule[0].cron", "is required, e.g. '*/5 * * * *'")),
                invalid("unknown time zone", f -> f.getSpec().triggers = triggers(t -> {
                    t.schedule.add(schedule("0 9 * * 1-5"));
                    t.schedule.get(0).timeZone = "Mars/Olympus";
                }), problem("spec.triggers.schedule[0].timeZone", "'Mars/Olympus' is not a time zone; use an IANA name such as Europe/Paris or UTC")),
                invalid("schedule data that is not JSON", f -> f.getSpec().triggers = triggers(t -> {
                    t.schedule.add(schedule("0 * * * *"));
                    t.schedule.get(0).data = "{\"a\":";
                }), problem("spec.triggers.schedule[0].data", "is not valid JSON: Unexpected end-of-input within/between Object entries")),
                invalid("schedule data with two JSON values", f -> f.getSpec().triggers = triggers(t -> {
                    t.schedule.add(schedule("0 * * * *"));
                    t.schedule.get(0).data = "{} {}";
                }), problem("spec.triggers.schedule[0].data", "holds more than one JSON value; wrap them in one array or object")),
                // http
                invalid("ApiKey auth without a Secret", f -> f.getSpec().triggers = triggers(t -> {
                    t.http = new HttpTrigger();
                    t.http.auth = HttpAuth.ApiKey;
                }), problem("spec.triggers.http.apiKeySecret", "auth ApiKey needs the name and key of the Secret that holds the API key")),
                // traffic
                invalid("traffic target naming no revision", f -> {
                    TrafficTarget neither = TrafficTarget.latest(100);
                    neither.latestRevision = null;
                    f.getSpec().traffic.add(neither);
                }, problem("spec.traffic[0]", "needs revisionName or latestRevision: true")),
                invalid("traffic target naming a revision and latest", f -> {
                    TrafficTarget both = TrafficTarget.revision("hello-00001", 100);
                    both.latestRevision = true;
                    f.getSpec().traffic.add(both);
                }, problem("spec.traffic[0]", "sets both revisionName and latestRevision: true; keep one")),
                invalid("traffic to another function's revision", f -> f.getSpec().traffic.add(TrafficTarget.revision("other-00001", 100)),
                        problem("spec.traffic[0].revisionName", "'other-00001' is not a revision of hello; revisions are named hello-00001, hello-00002…")),
                invalid("revision number too large for any revision", f -> f.getSpec().traffic.add(TrafficTarget.revision("hello-99999999999", 100)),
                        problem("spec.traffic[0].revisionName", "'hello-99999999999' is not a revision of hello; revisions are named hello-00001, hello-00002…")),
                invalid("percent over 100", f -> f.getSpec().traffic.add(TrafficTarget.latest(101)),
                        problem("spec.traffic[0].percent", "must be between 0 and 100, got 101"),
                        problem("spec.traffic", "the percents of the targets without a match rule add up to 101; they must add up to 100")),
                invalid("negative percent", f -> {
                    f.getSpec().traffic.add(TrafficTarget.latest(110));
                    f.getSpec().traffic.add(TrafficTarget.revision("hello-00001", -10));
                }, problem("spec.traffic[0].percent", "must be between 0 and 100, got 110"),
                        problem("spec.traffic[1].percent", "must be between 0 and 100, got -10")),
                invalid("percents summing to 95", f -> {
                    f.getSpec().traffic.add(TrafficTarget.latest(90));
                    f.getSpec().traffic.add(TrafficTarget.revision("hello-00001", 5));
                }, problem("spec.traffic", "the percents of the targets without a match rule add up to 95; they must add up to 100")),
                invalid("only header-routed targets", f -> f.getSpec().traffic.add(Functions.headerRouted("hello-00002", null, "x-group", "test")),
                        problem("spec.traffic", "the percents of the targets without a match rule add up to 0; they must add up to 100")),
                invalid("duplicate tags", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(1).tag = "current"),
                        problem("spec.traffic[1].tag", "'current' is used by another target; tags must be unique")),
                invalid("tag with capitals", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(1).tag = "Stable"),
                        problem("spec.traffic[1].tag", "'Stable' must be lowercase letters, digits and '-', starting with a letter")),
                invalid("match rule on the latest revision", Functions.withTraffic("hello").with(f -> {
                    f.getSpec().traffic.get(2).revisionName = null;
                    f.getSpec().traffic.get(2).latestRevision = true;
                }), problem("spec.traffic[2].match", "a target with a match rule must name a revision (revisionName), so testers reach a fixed revision")),
                invalid("match rule with a percent", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).percent = 5),
                        problem("spec.traffic[2].percent", "a target with a match rule receives only matching requests; remove percent")),
                invalid("empty match rule", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match = new TrafficMatch()),
                        problem("spec.traffic[2].match", "needs at least one header or cookie to match")),
                invalid("header match with exact and prefix", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match.headers.get("x-group").prefix = "te"),
                        problem("spec.traffic[2].match.headers.x-group", "needs exactly one of exact or prefix")),
                invalid("cookie match with neither exact nor prefix", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match.cookies.put("canary", new StringMatch())),
                        problem("spec.traffic[2].match.cookies.canary", "needs exactly one of exact or prefix")),
                invalid("header name with a space", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(2).match.headers.put("x group", prefix("t"))),
                        problem("spec.traffic[2].match.headers", "'x group' is not a valid header name")),
                invalid("url in the spec", Functions.withTraffic("hello").with(f -> f.getSpec().traffic.get(0).url = "http://gateway/fn/hello"),
                        problem("spec.traffic[0].url", "is set by Quiver in status.traffic; remove it from the spec")),
                // sticky split
                invalid("sticky with both cookie and header", f -> {
                    f.getSpec().sticky = StickySplit.byCookie("quiver-split");
                    f.getSpec().sticky.header = "x-user";
                }, problem("spec.sticky", "needs exactly one of cookie or header, e.g. sticky: {cookie: quiver-split}")),
                invalid("sticky with neither", f -> f.getSpec().sticky = new StickySplit(),
                        problem("spec.sticky", "needs exactly one of cookie or header, e.g. sticky: {cookie: quiver-split}")),
                invalid("sticky cookie name with '=' and a space", f -> f.getSpec().sticky = StickySplit.byCookie("a=b c"),
                        problem("spec.sticky.cookie", "'a=b c' is not a valid cookie name: use up to 128 letters, digits "
                                + "and !#$%&'*+.^_`|~- (no spaces, '=', ';', ',' or quotes), e.g. quiver-split")),
                invalid("sticky header name with a colon", f -> f.getSpec().sticky = StickySplit.byHeader("x-user:"),
                        problem("spec.sticky.header", "'x-user:' is not a valid header name: use up to 128 letters, digits "
                                + "and !#$%&'*+.^_`|~- (no spaces, '=', ';', ',' or quotes), e.g. quiver-split")));
    }

    private static Arguments invalid(String name, Consumer<Function> change, Problem... expected) {
        return invalid(name, Functions.valid("hello").with(change), expected);
    }

    private static Arguments invalid(String name, Functions.Fixture fixture, Problem... expected) {
        return Arguments.of(Named.of(name, fixture.build()), expected);
    }

    private static Problem problem(String path, String message) {
        return new Problem(path, message);
    }

    private static FunctionTemplate template(Consumer<FunctionTemplate> change) {
        FunctionTemplate template = new FunctionTemplate();
        change.accept(template);
        return template;
    }

    private static FunctionTemplate scale(Consumer<ScaleSpec> change) {
        return template(t -> {
            t.scale = new ScaleSpec();
            change.accept(t.scale);
        });
    }

    private static Triggers triggers(Consumer<Triggers> change) {
        Triggers triggers = new Triggers();
        change.accept(triggers);
        return triggers;
    }

    private static NatsTrigger nats(String subject, String queueGroup) {
        NatsTrigger nats = new NatsTrigger();
        nats.subject = subject;
        nats.queueGroup = queueGroup;
        return nats;
    }

    private static ScheduleTrigger schedule(String cron) {
        ScheduleTrigger schedule = new ScheduleTrigger();
        schedule.cron = cron;
        return schedule;
    }

    private static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }
}
