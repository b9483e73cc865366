package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Deployments as pod processes on their own loopback addresses behind EndpointSlices: they scale, roll, stop
 * gracefully, report a missed progress deadline, are collected with their owner and write nothing when steady.
 */
class KubeletDeploymentIT extends KubeletFixture {

    @Test
    void deploymentRunsAPodProcessOnItsOwnAddressBehindItsService() throws Exception {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("hello", 1, Manifests.container(image).build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("hello", "hello")).create();

        PodProcess pod = awaitPods(1).get(0);
        assertThat(pod.ip()).startsWith("127.").isNotEqualTo("127.0.0.1");
        assertThat(get("http://" + pod.ip() + ":8080/")).isEqualTo("hello from " + pod.name());
        assertThat(pod.labels()).containsEntry("app", "hello").containsKey(Deployments.HASH_LABEL);

        await().untilAsserted(() -> {
            EndpointSlice slice = slice();
            assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "hello")
                    .containsEntry("quiver.dev/revision", "hello")
                    .containsEntry("endpointslice.kubernetes.io/managed-by", EndpointSlices.MANAGED_BY);
            assertThat(slice.getAddressType()).isEqualTo("IPv4");
            assertThat(slice.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getPort()).isEqualTo(8080);
            });
            assertThat(slice.getEndpoints()).singleElement().satisfies(e -> {
                assertThat(e.getAddresses()).containsExactly(pod.ip());
                assertThat(e.getConditions().getReady()).isTrue();
                assertThat(e.getTargetRef().getName()).isEqualTo(pod.name());
            });
        });
        await().untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(ns).withName("hello").get();
            assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(deployment.getStatus().getObservedGeneration()).isEqualTo(deployment.getMetadata().getGeneration());
            assertThat(condition(deployment, "Available")).map(DeploymentCondition::getStatus).contains("True");
            assertThat(condition(deployment, "Progressing")).map(DeploymentCondition::getReason).contains("NewReplicaSetAvailable");
            Pod apiPod = client.pods().inNamespace(ns).withName(pod.name()).get();
            assertThat(apiPod.getStatus().getPodIP()).isEqualTo(pod.ip());
            assertThat(apiPod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(apiPod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getName()).isEqualTo("hello"));
        });
    }

    @Test
    void scalingUpAddsPodsOnDistinctAddressesAndScalingToZeroStopsThemWithSigterm() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("scale", 1, Manifests.container(image).build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("scale", "scale")).create();
        awaitPods(1);

        scale("scale", 2);
        List<PodProcess> two = awaitPods(2);
        assertThat(two.stream().map(PodProcess::ip).collect(Collectors.toSet())).hasSize(2);
        await().untilAsserted(() -> assertThat(slice().getEndpoints()).hasSize(2)
                .allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue()));

        scale("scale", 0);
        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).isEmpty());
        await().untilAsserted(() -> {
            for (PodProcess pod : two) {
                assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive)).as("process of " + pod.name()).isNotEqualTo(Optional.of(true));
                assertThat(Files.readString(cluster.kubelet().log(ns, pod.name()))).contains("SIGTERM received");
            }
            assertThat(slice().getEndpoints()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().deployments().inNamespace(ns).withName("scale").get().getStatus().getReplicas()).isZero();
        });
    }

    @Test
    void templateChangeReplacesPodsWithNewOnesBeforeRemovingTheOld() throws Exception {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("roll", 1, Manifests.container(image).build())).create();
        PodProcess first = awaitPods(1).get(0);

        // The stand-in writes the status meanwhile: a conflict is retried, as controllers do.
        await().untilAsserted(() -> client.apps().deployments().inNamespace(ns).withName("roll").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVarBuilder().withName("GREETING").withValue("howdy").build());
            return d;
        }));

        AtomicInteger leastReady = new AtomicInteger(Integer.MAX_VALUE);
        await().untilAsserted(() -> {
            List<PodProcess> pods = cluster.kubelet().pods(ns);
            leastReady.accumulateAndGet((int) pods.stream().filter(PodProcess::ready).count(), Math::min);
            assertThat(pods).singleElement().satisfies(p -> {
                assertThat(p.name()).isNotEqualTo(first.name());
                assertThat(p.ready()).isTrue();
                assertThat(p.labels().get(Deployments.HASH_LABEL)).isNotEqualTo(first.labels().get(Deployments.HASH_LABEL));
            });
        });
        assertThat(leastReady.get()).as("ready pods seen at any time during the rollout").isEqualTo(1);
        PodProcess second = cluster.kubelet().pods(ns).get(0);
        assertThat(get("http://" + second.ip() + ":8080/")).isEqualTo("howdy from " + second.name());
        await().untilAsserted(() -> assertThat(Files.readString(cluster.kubelet().log(ns, first.name()))).contains("SIGTERM received"));
        await().untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(ns).withName("roll").get();
            assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(1);
            assertThat(deployment.getStatus().getReplicas()).isEqualTo(1);
        });
    }

    @Test
    void deploymentThatNeverBecomesReadyExceedsItsProgressDeadline() {
        Deployment deployment = Manifests.deployment("slow", 1, Manifests.container(image)
                .editReadinessProbe().editHttpGet().withPath("/never-there").endHttpGet().endReadinessProbe().build());
        deployment.getSpec().setProgressDeadlineSeconds(2);
        client.apps().deployments().inNamespace(ns).resource(deployment).create();

        await().untilAsserted(() -> assertThat(condition(client.apps().deployments().inNamespace(ns).withName("slow").get(), "Progressing"))
                .map(DeploymentCondition::getReason).contains("ProgressDeadlineExceeded"));
    }

    @Test
    void deletingTheOwnerCollectsItsPodsAndTheirProcesses() {
        Deployment owner = client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("gone", 1, Manifests.container(image).build())).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("owned")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("gone")
                .withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata().build()).create();
        PodProcess pod = awaitPods(1).get(0);

        client.apps().deployments().inNamespace(ns).withName("gone").delete();

        await().untilAsserted(() -> {
            assertThat(cluster.kubelet().pods(ns)).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(client.configMaps().inNamespace(ns).withName("owned").get()).isNull();
        });
    }

    @Test
    void scaleDownMarksTheEndpointTerminatingBeforeTheProcessIsSignalled() throws Exception {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("drain", 1, Manifests.container(image)
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("sleep", "8").endExec().endPreStop().endLifecycle()
                .build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("drain", "drain")).create();
        PodProcess pod = awaitPods(1).get(0);

        scale("drain", 0);

        await().untilAsserted(() -> assertThat(slice().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getConditions().getTerminating()).isTrue();
            assertThat(e.getConditions().getReady()).isFalse();
        }));
        assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(Files.readString(cluster.kubelet().log(ns, pod.name()))).doesNotContain("SIGTERM received");
        await().untilAsserted(() -> {
            assertThat(Files.readString(cluster.kubelet().log(ns, pod.name()))).containsSubsequence("preStop: sleep 8s", "SIGTERM received");
            assertThat(slice().getEndpoints()).isEmpty();
        });
    }

    @Test
    void steadyStateWritesNothing() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("quiet", 1, Manifests.container(image).build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("quiet", "quiet")).create();
        awaitPods(1);
        await().untilAsserted(() -> assertThat(slice().getEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getConditions().getReady()).isTrue()));
        await().untilAsserted(() -> assertThat(condition(client.apps().deployments().inNamespace(ns).withName("quiet").get(),
                "Progressing")).map(DeploymentCondition::getReason).contains("NewReplicaSetAvailable"));
        String before = versions();

        long passes = cluster.kubelet().passes();
        await().until(() -> cluster.kubelet().passes() >= passes + 3);

        assertThat(versions()).isEqualTo(before);
    }

    /** The resourceVersions of every Deployment, Pod and EndpointSlice of the namespace. */
    private String versions() {
        return Stream.of(client.apps().deployments().inNamespace(ns).list().getItems(),
                        client.pods().inNamespace(ns).list().getItems(),
                        client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems())
                .flatMap(List::stream)
                .map(o -> o.getKind() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion())
                .sorted().collect(Collectors.joining(" "));
    }
}
