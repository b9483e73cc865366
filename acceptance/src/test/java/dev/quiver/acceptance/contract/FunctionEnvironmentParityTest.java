package dev.quiver.acceptance.contract;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.Mode;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.controller.resources.PodSettings;
import dev.quiver.controller.resources.ResourceDefaults;
import dev.quiver.controller.resources.RevisionSnapshots;
import dev.quiver.controller.resources.Workloads;
import dev.quiver.runtime.local.JavaHome;
import dev.quiver.runtime.local.LaunchSpec;
import dev.quiver.runtime.local.LocalFunctionStore;
import dev.quiver.runtime.local.LocalRevisions;
import dev.quiver.runtime.local.LocalSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function contract's environment is the same on both platforms: for the same Function and the same settings,
 * a local replica's process and the controller's pod template get the same variables with the same values.
 */
class FunctionEnvironmentParityTest {

    private static final String GATEWAY = "http://quiver-gateway.quiver-system.svc.cluster.local";
    private static final String NATS = "nats://nats.quiver-system.svc.cluster.local:4222";
    private static final int PORT = 8080;

    @Test
    void localReplicaAndClusterPodGetTheSameEnvironment() {
        Function function = linkChecker();

        Map<String, String> local = local(function, Optional.of(NATS));
        Map<String, String> cluster = cluster(function, Optional.of(NATS));

        assertThat(cluster).isEqualTo(local);
        assertThat(cluster).containsEntry("QUIVER_GATEWAY_URL", GATEWAY).containsEntry("NATS_URL", NATS)
                .containsEntry("QUIVER_NAMESPACE", "default").containsEntry("QUIVER_FUNCTION", "link-checker")
                .containsEntry("QUIVER_REVISION", "link-checker-00002").containsEntry("QUIVER_PROPAGATE_HEADERS", "x-group")
                .containsEntry("PORT", "8080").containsEntry("LINK_TIMEOUT", "5s");
    }

    @Test
    void withoutNatsNeitherPlatformSetsNatsUrl() {
        Function function = linkChecker();

        Map<String, String> local = local(function, Optional.empty());
        Map<String, String> cluster = cluster(function, Optional.empty());

        assertThat(cluster).isEqualTo(local).doesNotContainKey("NATS_URL");
    }

    @Test
    void aTracingPlatformGivesBothTheSameTracingVariables() {
        Function function = linkChecker();
        Optional<FunctionEnvironment.Tracing> tracing = FunctionEnvironment.Tracing.of(
                Optional.of("http://otel-collector:4318"), Optional.empty());

        Map<String, String> local = local(function, Optional.of(NATS), tracing);
        Map<String, String> cluster = cluster(function, Optional.of(NATS), tracing);

        assertThat(cluster).isEqualTo(local).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318")
                .containsEntry("OTEL_SERVICE_NAME", "link-checker").containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false");
    }

    @Test
    void templateOverridesAreTreatedAlike() {
        Function function = linkChecker();
        function.getSpec().template.env.add(new EnvVar("NATS_URL", "nats://team-nats:4222", null));
        function.getSpec().template.env.add(new EnvVar("QUIVER_REVISION", "pretend", null));

        Map<String, String> local = local(function, Optional.of(NATS));
        Map<String, String> cluster = cluster(function, Optional.of(NATS));

        assertThat(cluster).isEqualTo(local).containsEntry("NATS_URL", "nats://team-nats:4222")
                .containsEntry("QUIVER_REVISION", "link-checker-00002");
    }

    /** What a local replica of revision 2 serving on {@link #PORT} gets. */
    private static Map<String, String> local(Function function, Optional<String> nats) {
        return local(function, nats, Optional.empty());
    }

    private static Map<String, String> local(Function function, Optional<String> nats,
            Optional<FunctionEnvironment.Tracing> tracing) {
        LocalSettings settings = new LocalSettings(Path.of("functions"), Path.of(".quiver"),
                new JavaHome(Path.of("/jdk"), 21), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMillis(300),
                Duration.ofMinutes(5), GATEWAY, true, nats, tracing);
        FunctionRevision revision = LocalRevisions.newRevision(function, "link-checker-00002", "local:abc", "hash",
                Instant.parse("2026-01-01T00:00:00Z"));
        Map<String, String> env = new LinkedHashMap<>(LocalRevisions.launchSpec(revision, Path.of("app"),
                Optional.empty(), Path.of("logs"), settings).environment(PORT));
        // The bind address is the local platform's network detail, not the contract (a pod binds its pod IP):
        // exactly that one variable is set apart, and it must be loopback.
        assertThat(env.remove(LaunchSpec.BIND_HOST_VARIABLE)).isEqualTo(LaunchSpec.LOOPBACK);
        return env;
    }

    /** The env of the pod template the controller gives revision 2's Deployment. */
    private static Map<String, String> cluster(Function function, Optional<String> nats) {
        return cluster(function, nats, Optional.empty());
    }

    private static Map<String, String> cluster(Function function, Optional<String> nats,
            Optional<FunctionEnvironment.Tracing> tracing) {
        FunctionRevision revision = RevisionSnapshots.snapshot(function, "link-checker-00002", "registry.local/link-checker@sha256:"
                + "a".repeat(64), "hash", List.of());
        Workloads workloads = new Workloads(600, new PodSettings(new FunctionEnvironment.Addresses(GATEWAY, nats, tracing),
                ResourceDefaults.none()));
        Container container = workloads.deployment(revision).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            assertThat(env).as("set once: %s", variable.getName()).doesNotContainKey(variable.getName());
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }

    /** A Function with its own variable and a header-routed feature revision, in the local platform's namespace. */
    private static Function linkChecker() {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withNamespace(LocalFunctionStore.NAMESPACE).withName("link-checker")
                .withUid("uid-link-checker").build());
        function.getSpec().image = "registry.local/link-checker:1";
        function.getSpec().mode = Mode.Service;
        function.getSpec().template = new FunctionTemplate();
        function.getSpec().template.env.add(new EnvVar("LINK_TIMEOUT", "5s", null));
        TrafficTarget feature = TrafficTarget.revision("link-checker-00001", 0);
        feature.percent = null;
        feature.match = TrafficMatch.header("X-Group", "test");
        function.getSpec().traffic.add(TrafficTarget.latest(100));
        function.getSpec().traffic.add(feature);
        return function;
    }
}
