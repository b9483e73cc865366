package dev.quiver.api.validation;

import static dev.quiver.api.validation.InvalidFunctions.DURATION_RULE;
import static dev.quiver.api.validation.InvalidFunctions.env;
import static dev.quiver.api.validation.InvalidFunctions.invalid;
import static dev.quiver.api.validation.InvalidFunctions.problem;
import static dev.quiver.api.validation.InvalidFunctions.scale;
import static dev.quiver.api.validation.InvalidFunctions.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.MountedFiles;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The revision template: probes, environment, mounted files, the names a revision copies, limits and scale. */
class TemplateValidationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFunctions")
    void invalidFunctionReportsExactlyItsProblems(Function function, Problem[] expected) {
        assertThat(FunctionValidator.validate(function)).containsExactly(expected);
    }

    static Stream<Arguments> invalidFunctions() {
        return Stream.of(
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
                        problem("spec.template.scale.scaleToZeroGracePeriod", "'30'" + DURATION_RULE)));
    }
}
