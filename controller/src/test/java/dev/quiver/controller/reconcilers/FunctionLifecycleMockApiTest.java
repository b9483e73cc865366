package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.Mode;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.standin.testing.MockApiTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/** The reconcilers end to end on the mock API server, with a fake kubelet marking Deployments ready or failed. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class FunctionLifecycleMockApiTest extends MockApiTest {

    private static final String IMAGE_V1 = "registry.local/hello@sha256:" + "1".repeat(64);
    private static final String IMAGE_V2 = "registry.local/hello@sha256:" + "2".repeat(64);

    @KubernetesTestServer
    KubernetesServer server;

    private MockApi api;

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void mockApiInTheTestsNamespace() {
        api = new MockApi(client(), namespace);
    }

    @Test
    void newFunctionGetsRevisionAndLockedDownDeploymentAndService() {
        api.create(Fixtures.function(api.namespace, "hello", IMAGE_V1));
        awaitCondition(() -> api.deployment("hello-00001") != null);

        FunctionRevision revision = api.revision("hello-00001");
        assertThat(revision.getSpec().image).isEqualTo(IMAGE_V1);
        assertThat(revision.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getName()).isEqualTo("hello"));
        Deployment deployment = api.deployment("hello-00001");
        assertThat(deployment.getSpec().getReplicas()).as("min 0 starts a new revision with one replica").isEqualTo(1);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getReadinessProbe().getTcpSocket()).as("an image with no recorded default: TCP").isNotNull();
        assertThat(container.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("PORT=8080"));
        assertThat(container.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue())
                .isEqualTo("QUIVER_GATEWAY_URL=http://quiver-gateway.quiver-system.svc.cluster.local"));
        assertThat(container.getResources().getRequests()).as("the controller's default resources")
                .containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("256Mi"));
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        Service service = api.client.services().inNamespace(api.namespace).withName("hello-00001").get();
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsEntry(Labels.REVISION, "hello-00001");

        api.makeReady("hello-00001");
        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.READY, Condition.TRUE));
        Function ready = api.function("hello");
        assertThat(ready.getStatus().latestReadyRevisionName).isEqualTo("hello-00001");
        assertThat(ready.getStatus().url).isEqualTo("http://quiver-gateway.quiver-system.svc.cluster.local/fn/"
                + api.namespace + "/hello");
        assertThat(ready.getStatus().traffic).singleElement()
                .satisfies(t -> assertThat(t.revisionName + ":" + t.percent).isEqualTo("hello-00001:100"));
        assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    }

    @Test
    void specChangeMakesSecondRevisionAndTrafficMovesOnlyWhenItIsReady() {
        readyFunction("hello");
        api.edit("hello", f -> Fixtures.withEnv(f, "GREETING", "hi"));
        awaitCondition(() -> api.deployment("hello-00002") != null);
        awaitCondition(() -> "hello-00002".equals(api.function("hello").getStatus().latestCreatedRevisionName));

        assertThat(api.function("hello").getStatus().traffic).singleElement()
                .satisfies(t -> assertThat(t.revisionName).as("not ready yet").isEqualTo("hello-00001"));

        api.makeReady("hello-00002");
        awaitCondition(() -> "hello-00002".equals(api.function("hello").getStatus().traffic.get(0).revisionName));
        assertThat(api.function("hello").getStatus().latestReadyRevisionName).isEqualTo("hello-00002");
    }

    @Test
    void failedRevisionKeepsPreviousTrafficAndReadyExplains() {
        readyFunction("hello");
        api.edit("hello", f -> {
            f.getSpec().image = IMAGE_V2;
            return f;
        });
        awaitCondition(() -> api.deployment("hello-00002") != null);
        api.kubelet.markProgressDeadlineExceeded(api.namespace, "hello-00002");

        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.READY, Condition.FALSE));
        Function function = api.function("hello");
        Condition ready = function.getStatus().condition(ConditionTypes.READY);
        assertThat(ready.reason).isEqualTo("RevisionFailed");
        assertThat(ready.message).contains("hello-00002", "ProgressDeadlineExceeded", "traffic stays on hello-00001");
        assertThat(function.getStatus().traffic).singleElement()
                .satisfies(t -> assertThat(t.revisionName).isEqualTo("hello-00001"));
        assertThat(api.revision("hello-00002").getStatus().condition(ConditionTypes.CONTAINER_HEALTHY).reason)
                .isEqualTo("ProgressDeadlineExceeded");
    }

    @Test
    void revisionAndTrafficTransitionsAreRecordedAsEvents() {
        readyFunction("hello");
        api.edit("hello", f -> {
            f.getSpec().image = IMAGE_V2;
            return f;
        });
        awaitCondition(() -> api.deployment("hello-00002") != null);
        api.kubelet.markProgressDeadlineExceeded(api.namespace, "hello-00002");
        awaitCondition(() -> api.events().stream().anyMatch(e -> e.getReason().equals("RevisionFailed")));

        List<String> events = api.events().stream().map(e -> e.getType() + " " + e.getReason() + " "
                + e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + ": " + e.getMessage()).toList();
        assertThat(events).contains(
                "Normal RevisionCreated Function/hello: created revision hello-00001",
                "Normal RevisionReady FunctionRevision/hello-00001: ready with 1 replica",
                "Normal TrafficShifted Function/hello: traffic now hello-00001=100%",
                "Normal RevisionCreated Function/hello: created revision hello-00002");
        assertThat(events).anyMatch(e -> e.startsWith("Warning RevisionFailed FunctionRevision/hello-00002: ")
                && e.contains("ProgressDeadlineExceeded"));
        assertThat(api.events()).allMatch(e -> EventRecorder.COMPONENT.equals(e.getSource().getComponent()));
    }

    @Test
    void imagePullFailureMakesRevisionNotReady() {
        api.create(Fixtures.function(api.namespace, "hello", "registry.local/missing:1"));
        awaitCondition(() -> api.deployment("hello-00001") != null);
        api.kubelet.markImagePullFailed(api.namespace, "hello-00001");

        awaitCondition(() -> api.revisionCondition("hello-00001", ConditionTypes.CONTAINER_HEALTHY, Condition.FALSE));
        assertThat(api.revision("hello-00001").getStatus().condition(ConditionTypes.READY).reason).isEqualTo("ImagePullFailed");
    }

    @Test
    void trafficOnlyAndScaleChangesMakeNoRevision() {
        readyFunction("hello");
        api.edit("hello", f -> Fixtures.withTraffic(Fixtures.withScale(f, 0, 7), TrafficTarget.latest(100).withTag("current")));

        awaitCondition(() -> api.revision("hello-00001").getSpec().templateOrDefault().scaleOrDefault().maxOrDefault() == 7);
        awaitCondition(() -> "current".equals(api.function("hello").getStatus().traffic.get(0).tag));
        assertThat(api.revisionNames("hello")).containsExactly("hello-00001");
        assertThat(api.function("hello").getStatus().traffic.get(0).url).endsWith("/fn/" + api.namespace + "/hello@current");
    }

    @Test
    void revisionScaleWritesReachTheDeployment() {
        readyFunction("hello");
        long generation = api.revision("hello-00001").getMetadata().getGeneration();

        // As the runtime's autoscaler does: through the FunctionRevision's scale subresource only.
        scaleRevision("hello-00001", 3);
        awaitCondition(() -> api.deployment("hello-00001").getSpec().getReplicas() == 3);
        scaleRevision("hello-00001", 0);
        awaitCondition(() -> api.deployment("hello-00001").getSpec().getReplicas() == 0);
        scaleRevision("hello-00001", 2);
        awaitCondition(() -> api.deployment("hello-00001").getSpec().getReplicas() == 2);

        assertThat(api.revision("hello-00001").getSpec().replicas).isEqualTo(2);
        assertThat(api.revision("hello-00001").getMetadata().getGeneration())
                .as("a scale write is a spec change").isGreaterThan(generation);
    }

    @Test
    void deploymentScaledBehindTheRevisionsBackIsPutBack() {
        readyFunction("hello");
        scaleRevision("hello-00001", 2);
        awaitCondition(() -> api.deployment("hello-00001").getSpec().getReplicas() == 2);

        api.client.apps().deployments().inNamespace(api.namespace).withName("hello-00001").scale(5);

        awaitCondition(() -> api.deployment("hello-00001").getSpec().getReplicas() == 2);
    }

    private void scaleRevision(String revision, int replicas) {
        api.client.resources(FunctionRevision.class).inNamespace(api.namespace).withName(revision).scale(replicas);
    }

    @Test
    void rollbackByTrafficPointsAtOlderRevision() {
        readyFunction("hello");
        api.edit("hello", f -> Fixtures.withEnv(f, "GREETING", "hi"));
        api.makeReady("hello-00002");
        awaitCondition(() -> "hello-00002".equals(api.function("hello").getStatus().traffic.get(0).revisionName));

        api.edit("hello", f -> Fixtures.withTraffic(f, TrafficTarget.revision("hello-00001", 100)));

        api.awaitFunction("hello", () -> "hello-00001".equals(api.function("hello").getStatus().traffic.get(0).revisionName));
        assertThat(api.revisionNames("hello")).containsExactly("hello-00001", "hello-00002");
        assertThat(api.function("hello").getStatus().condition(ConditionTypes.READY).status).isEqualTo(Condition.TRUE);
    }

    @Test
    void trafficToMissingRevisionKeepsServedTrafficAndSaysWhy() {
        readyFunction("hello");
        api.edit("hello", f -> Fixtures.withTraffic(f, TrafficTarget.revision("hello-00009", 100)));

        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.ROUTES_READY, Condition.FALSE));
        Function function = api.function("hello");
        assertThat(function.getStatus().condition(ConditionTypes.ROUTES_READY).reason).isEqualTo("RevisionMissing");
        assertThat(function.getStatus().traffic.get(0).revisionName).isEqualTo("hello-00001");
    }

    @Test
    void jobModeKeepsJobTemplateAndNoDeployment() {
        api.create(Fixtures.withMode(Fixtures.function(api.namespace, "batch", IMAGE_V1), Mode.Job));

        awaitCondition(() -> api.functionCondition("batch", ConditionTypes.READY, Condition.TRUE));
        PodTemplate template = api.client.v1().podTemplates().inNamespace(api.namespace).withName("batch-00001").get();
        assertThat(template.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(template.getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_V1);
        assertThat(template.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("batch-00001");
        assertThat(api.deployment("batch-00001")).isNull();
    }

    @Test
    void triggerOnAnotherNamespacesSubjectIsNotReadyWithTheAllowListAndCreatesNothing() {
        api.create(Fixtures.withNats(Fixtures.function(api.namespace, "snoop", IMAGE_V1), "payments.card-numbers"));
        api.create(Fixtures.withNats(Fixtures.function(api.namespace, "own", IMAGE_V1), api.namespace + ".orders"));

        awaitCondition(() -> api.functionCondition("snoop", ConditionTypes.READY, Condition.FALSE));
        Condition ready = api.function("snoop").getStatus().condition(ConditionTypes.READY);
        assertThat(ready.reason).isEqualTo("InvalidSpec");
        assertThat(ready.message).isEqualTo("spec.triggers.nats[0].subject: 'payments.card-numbers' is outside the "
                + "subjects namespace " + api.namespace + " may use (" + api.namespace + ".>, quiver.dlq." + api.namespace
                + ".>); use a subject under " + api.namespace + ". or ask the operator to grant it with "
                + "quiver.nats.namespace-subjects=" + api.namespace + "=payments.card-numbers");
        assertThat(api.revisions("snoop")).isEmpty();
        awaitCondition(() -> !api.revisions("own").isEmpty());
    }

    @Test
    void invalidSpecIsNotReadyWithValidatorMessagesAndCreatesNothing() {
        Function invalid = Fixtures.function(api.namespace, "broken", IMAGE_V1);
        invalid.getSpec().traffic.add(TrafficTarget.latest(40));
        api.create(invalid);

        awaitCondition(() -> api.functionCondition("broken", ConditionTypes.READY, Condition.FALSE));
        Condition ready = api.function("broken").getStatus().condition(ConditionTypes.READY);
        assertThat(ready.reason).isEqualTo("InvalidSpec");
        assertThat(ready.message).contains("spec.traffic");
        assertThat(api.revisions("broken")).isEmpty();
        awaitCondition(() -> !api.events().isEmpty());
        assertThat(api.events()).singleElement().satisfies(e -> {
            assertThat(e.getType() + " " + e.getReason()).isEqualTo("Warning InvalidSpec");
            assertThat(e.getMessage()).contains("spec.traffic");
        });
    }

    @Test
    void missingConfigMapIsReportedAndMakesNoRevision() {
        api.create(Fixtures.withConfigFiles(Fixtures.function(api.namespace, "hello", IMAGE_V1), "settings", "/etc/settings"));

        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.LATEST_REVISION_READY, Condition.FALSE));
        assertThat(api.function("hello").getStatus().condition(ConditionTypes.READY).reason).isEqualTo("ConfigNotFound");
        assertThat(api.revisions("hello")).isEmpty();
    }

    @Test
    void configChangeSnapshotsNewCopyAndRollbackRestoresOldConfig() {
        api.client.resource(Fixtures.configMap(api.namespace, "settings", Map.of("mode", "v1"))).create();
        api.create(Fixtures.withConfigFiles(Fixtures.function(api.namespace, "hello", IMAGE_V1), "settings", "/etc/settings"));
        api.makeReady("hello-00001");
        // the Function's reconciler makes the copy after the revision, which another reconciler deploys meanwhile
        // (a pod waits for a ConfigMap it mounts), so the copy may come a moment after the Deployment
        awaitCondition(() -> configMap("hello-00001-cm-settings") != null);
        ConfigMap copy1 = configMap("hello-00001-cm-settings");
        assertThat(copy1.getImmutable()).isTrue();
        assertThat(copy1.getData()).containsEntry("mode", "v1");

        api.client.configMaps().inNamespace(api.namespace).withName("settings").edit(cm -> {
            cm.setData(Map.of("mode", "v2"));
            return cm;
        });
        api.edit("hello", f -> Fixtures.withScale(f, 0, 5)); // any spec edit makes the controller look again
        awaitCondition(() -> api.deployment("hello-00002") != null && configMap("hello-00002-cm-settings") != null);
        assertThat(configMap("hello-00002-cm-settings").getData()).containsEntry("mode", "v2");
        assertThat(api.deployment("hello-00002").getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                        .isEqualTo("hello-00002-cm-settings"));

        api.makeReady("hello-00002");
        api.edit("hello", f -> Fixtures.withTraffic(f, TrafficTarget.revision("hello-00001", 100)));
        api.awaitFunction("hello", () -> "hello-00001".equals(api.function("hello").getStatus().traffic.get(0).revisionName));
        assertThat(api.deployment("hello-00001").getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                        .isEqualTo("hello-00001-cm-settings"));
        assertThat(configMap("hello-00001-cm-settings").getData())
                .as("the rolled-back revision still reads the old config").containsEntry("mode", "v1");
    }

    private ConfigMap configMap(String name) {
        return api.client.configMaps().inNamespace(api.namespace).withName(name).get();
    }

    @Test
    void idleRevisionsBeyondRetainedCountAreDeletedOldestFirst() {
        readyFunction("hello");
        for (int i = 2; i <= 8; i++) {
            String value = "v" + i;
            String expected = String.format("hello-%05d", i);
            api.edit("hello", f -> Fixtures.withEnv(f, "VERSION", value));
            awaitCondition(() -> expected.equals(api.function("hello").getStatus().latestCreatedRevisionName));
        }
        // 00001 serves traffic, 00008 is the latest; of the six idle ones in between five are kept.
        awaitCondition(() -> api.revision("hello-00002") == null);
        assertThat(api.revisionNames("hello")).containsExactly("hello-00001", "hello-00003", "hello-00004", "hello-00005",
                "hello-00006", "hello-00007", "hello-00008");
    }

    @Test
    void deploymentOwnedBySomeoneElseIsNotAdopted() {
        api.client.resource(new DeploymentBuilder().withNewMetadata().withNamespace(api.namespace).withName("hello-00001")
                .endMetadata().withNewSpec().withReplicas(2).endSpec().build()).create();
        api.create(Fixtures.function(api.namespace, "hello", IMAGE_V1));

        awaitCondition(() -> api.revisionCondition("hello-00001", ConditionTypes.RESOURCES_AVAILABLE, Condition.FALSE));
        assertThat(api.revision("hello-00001").getStatus().condition(ConditionTypes.READY).reason).isEqualTo("NotOwned");
        assertThat(api.deployment("hello-00001").getSpec().getReplicas()).isEqualTo(2);
        assertThat(api.deployment("hello-00001").getMetadata().getOwnerReferences()).isEmpty();
    }

    @Test
    void deletedFunctionLeavesOnlyObjectsItOwnsForTheGarbageCollector() {
        readyFunction("hello");
        Function function = api.function("hello");
        FunctionRevision revision = api.revision("hello-00001");

        api.client.resource(function).delete();

        awaitCondition(() -> api.function("hello") == null);
        assertThat(revision.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(function.getMetadata().getUid()));
        List<HasMetadata> children = List.of(api.deployment("hello-00001"),
                api.client.services().inNamespace(api.namespace).withName("hello-00001").get());
        assertThat(children).allSatisfy(child -> assertThat(child.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> {
                    assertThat(ref.getUid()).isEqualTo(revision.getMetadata().getUid());
                    assertThat(ref.getController()).isTrue();
                }));
    }

    private void readyFunction(String name) {
        api.create(Fixtures.function(api.namespace, name, IMAGE_V1));
        api.makeReady(name + "-00001");
        awaitCondition(() -> api.functionCondition(name, ConditionTypes.READY, Condition.TRUE));
    }
}
