package dev.quiver.controller.resources;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.testing.Revisions;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadsTest {

    private final Workloads workloads = new Workloads(600, PodSettings.defaults());

    @Test
    void deploymentPodIsLockedDown() {
        PodSpec pod = workloads.deployment(Revisions.revision("hello", 1)).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void containerFollowsTheFunctionContract() {
        Container container = workloads.deployment(Revisions.revision("hello", 2)).getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .startsWith("PORT=8080", "QUARKUS_HTTP_PORT=8080", "QUIVER_NAMESPACE=team", "QUIVER_FUNCTION=hello",
                        "QUIVER_REVISION=hello-00002");
        assertThat(container.getReadinessProbe().getTcpSocket()).as("no recorded default: TCP (see PodTemplatesTest)")
                .isNotNull();
        assertThat(container.getReadinessProbe().getPeriodSeconds()).as("a cold replica is ready within a second of serving")
                .isEqualTo(1);
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
    }

    @Test
    void podsReachTheInClusterGatewayNatsAndPassOnTheRevisionsRoutingHeaders() {
        FunctionRevision revision = Revisions.revision("link-checker", 1);
        revision.getSpec().propagateHeaders = new ArrayList<>(List.of("x-group"));
        Workloads withNats = withAddresses("http://quiver-gateway.quiver-system.svc.cluster.local",
                "nats://nats.quiver-system.svc:4222");

        Map<String, String> env = env(withNats.deployment(revision).getSpec().getTemplate().getSpec().getContainers().get(0));

        assertThat(env).containsEntry("QUIVER_GATEWAY_URL", "http://quiver-gateway.quiver-system.svc.cluster.local")
                .containsEntry("NATS_URL", "nats://nats.quiver-system.svc:4222")
                .containsEntry("QUIVER_PROPAGATE_HEADERS", "x-group")
                .containsEntry("QUIVER_NAMESPACE", "team");
        assertThat(env(workloads.deployment(revision).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .as("no NATS installed: no NATS_URL").doesNotContainKey("NATS_URL");
    }

    @Test
    void templateMayPointAtAnotherNatsButNeverChangeWhoThePodIs() {
        FunctionRevision revision = Revisions.revision("hello", 1);
        revision.getSpec().template.env.add(new EnvVar("NATS_URL", "nats://elsewhere:4222", null));
        revision.getSpec().template.env.add(new EnvVar("QUIVER_FUNCTION", "someone-else", null));
        Workloads withNats = withAddresses("http://gw", "nats://ours:4222");

        List<EnvVar> env = withNats.deployment(revision).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();

        assertThat(env).extracting(EnvVar::getName).doesNotHaveDuplicates();
        assertThat(env(env)).containsEntry("NATS_URL", "nats://elsewhere:4222").containsEntry("QUIVER_FUNCTION", "hello");
    }

    @Test
    void servingPodsLeaveTheEndpointsBeforeTheyAreSignalled() {
        FunctionRevision revision = Revisions.revision("hello", 1);
        revision.getSpec().template.timeoutSeconds = 60;

        PodSpec pod = workloads.deployment(revision).getSpec().getTemplate().getSpec();
        PodSpec job = workloads.jobTemplate(revision).getTemplate().getSpec();

        assertThat(pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds())
                .isEqualTo((long) PodTemplates.PRE_STOP_SLEEP_SECONDS).isPositive();
        assertThat(pod.getTerminationGracePeriodSeconds()).as("the wait comes on top of the drain")
                .isEqualTo(60L + PodTemplates.DRAIN_MARGIN_SECONDS + PodTemplates.PRE_STOP_SLEEP_SECONDS);
        assertThat(job.getContainers().get(0).getLifecycle()).as("a job pod is behind no Service").isNull();
        assertThat(job.getTerminationGracePeriodSeconds()).isEqualTo(60L + PodTemplates.DRAIN_MARGIN_SECONDS);
    }

    @Test
    void everyFunctionPodHasRequestsAndLimitsSoAQuotaAdmitsIt() {
        Workloads withDefaults = new Workloads(600, new PodSettings(PodSettings.defaults().addresses(), new ResourceDefaults(
                Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")), Map.of("memory", new Quantity("512Mi")))));
        FunctionRevision bare = Revisions.revision("hello", 1);
        FunctionRevision partial = Revisions.revision("hello", 2);
        partial.getSpec().template.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi")).build();

        Container container = withDefaults.deployment(bare).getSpec().getTemplate().getSpec().getContainers().get(0);
        Container job = withDefaults.jobTemplate(bare).getTemplate().getSpec().getContainers().get(0);
        Container own = withDefaults.deployment(partial).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(job.getResources()).isEqualTo(container.getResources());
        assertThat(own.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(own.getResources().getRequests()).containsEntry("memory", new Quantity("256Mi"));
    }

    private static Workloads withAddresses(String gateway, String nats) {
        return new Workloads(600, new PodSettings(new FunctionEnvironment.Addresses(gateway, Optional.of(nats)),
                ResourceDefaults.none()));
    }

    private static Map<String, String> env(Container container) {
        return env(container.getEnv());
    }

    private static Map<String, String> env(List<EnvVar> env) {
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach(e -> values.put(e.getName(), e.getValue()));
        return values;
    }

    @Test
    void terminationGraceOutlastsTheTimeout() {
        FunctionRevision revision = Revisions.revision("hello", 1);
        revision.getSpec().template.timeoutSeconds = 120;

        Deployment deployment = workloads.deployment(revision);

        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(120L);
        assertThat(deployment.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    }

    @Test
    void configurationIsReadFromTheRevisionsCopies() {
        FunctionRevision revision = Revisions.withSnapshot(Revisions.withSnapshot(Revisions.revision("hello", 1),
                ConfigSnapshot.Kind.ConfigMap, "settings", "hello-00001-cm-settings"),
                ConfigSnapshot.Kind.Secret, "creds", "hello-00001-secret-creds");
        revision.getSpec().template.configFiles.add(MountedFiles.of("settings", "/etc/settings"));
        revision.getSpec().template.envFrom.add(new EnvFromSourceBuilder().withNewSecretRef().withName("creds").endSecretRef().build());

        PodSpec pod = workloads.deployment(revision).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                .isEqualTo("hello-00001-cm-settings"));
        assertThat(pod.getContainers().get(0).getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("hello-00001-secret-creds");
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/settings");
            assertThat(m.getReadOnly()).isTrue();
        });
    }

    @Test
    void initialReplicasAreMinOrOneForANewRevision() {
        FunctionRevision scaleToZero = Revisions.revision("hello", 1);
        FunctionRevision minThree = Revisions.revision("hello", 2);
        minThree.getSpec().template.scale = new ScaleSpec();
        minThree.getSpec().template.scale.min = 3;

        assertThat(Workloads.replicas(scaleToZero)).isEqualTo(1);
        assertThat(Workloads.replicas(minThree)).isEqualTo(3);
    }

    @Test
    void deploymentRunsTheRevisionsReplicasOnceTheAutoscalerSetsThem() {
        FunctionRevision revision = Revisions.revision("hello", 1);
        assertThat(workloads.deployment(revision).getSpec().getReplicas()).as("unset: the initial count").isEqualTo(1);

        revision.getSpec().replicas = 0;
        assertThat(workloads.deployment(revision).getSpec().getReplicas()).isZero();
        revision.getSpec().replicas = 4;
        assertThat(workloads.deployment(revision).getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void fingerprintIgnoresReplicasButSeesTemplateChanges() {
        FunctionRevision revision = Revisions.revision("hello", 1);
        revision.getSpec().replicas = 1;
        Deployment one = workloads.deployment(revision);
        revision.getSpec().replicas = 5;
        Deployment five = workloads.deployment(revision);
        revision.getSpec().image = "registry.local/other:1";
        String otherImage = Workloads.fingerprintOf(workloads.deployment(revision));

        assertThat(Workloads.fingerprintOf(one)).isEqualTo(Workloads.fingerprintOf(five)).isNotEqualTo(otherImage);
        assertThat(Workloads.replicasInStep(one, five)).as("replicas are compared on their own").isFalse();
    }

    @Test
    void serviceSelectsOnlyTheRevisionsPods() {
        var service = workloads.service(Revisions.revision("hello", 3));

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsExactly(Map.entry(Labels.REVISION, "hello-00003"));
        assertThat(service.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
    }

    @Test
    void jobTemplateNeverRestartsInPlace() {
        var template = workloads.jobTemplate(Revisions.revision("batch", 1));

        assertThat(template.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(template.getMetadata().getLabels()).containsEntry(Labels.FUNCTION, "batch");
    }
}
