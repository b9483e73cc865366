package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One pod's life: its image, environment and probes, restarts after a kill or a failing liveness probe, bare pods. */
class KubeletPodIT extends KubeletFixture {

    @Test
    void imageIndexRunsItsLinuxAmd64Image() throws Exception {
        String index = TestImages.pushIndex(registry, image);
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("multi", 1, Manifests.container(index).build())).create();

        PodProcess pod = awaitPods(1).get(0);

        assertThat(get("http://" + pod.ip() + ":8080/")).isEqualTo("hello from " + pod.name());
    }

    @Test
    void imageDigestThatDoesNotExistIsReportedAsImagePullBackOff() {
        String missing = registry.hostPort() + "/" + TestImages.REPOSITORY + "@sha256:" + "0".repeat(64);
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("nothing", 1, Manifests.container(missing).build())).create();

        await().untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(ns).withName("nothing").get();
            assertThat(condition(deployment, "ReplicaFailure")).map(DeploymentCondition::getReason).contains("ImagePullBackOff");
            assertThat(condition(deployment, "Available")).map(DeploymentCondition::getStatus).contains("False");
            Pod pod = client.pods().inNamespace(ns).list().getItems().get(0);
            assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
        });
    }

    @Test
    void aTcpReadinessProbePassesOnceThePodsPortAcceptsConnections() {
        Deployment deployment = Manifests.deployment("tcp", 1, Manifests.container(image)
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket()
                .withPeriodSeconds(1).withFailureThreshold(3).withSuccessThreshold(1).endReadinessProbe().build());
        client.apps().deployments().inNamespace(ns).resource(deployment).create();

        await().untilAsserted(() -> assertThat(client.apps().deployments().inNamespace(ns).withName("tcp").get()
                .getStatus().getReadyReplicas()).isEqualTo(1));
    }

    @Test
    void killedPodIsRestartedInPlace() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("crash", 1, Manifests.container(image).build())).create();
        PodProcess before = awaitPods(1).get(0);

        cluster.kubelet().kill(ns, before.name());

        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo(before.name());
            assertThat(p.restarts()).isEqualTo(1);
            assertThat(p.pid()).isNotEqualTo(before.pid());
            assertThat(p.ready()).isTrue();
        }));
        await().untilAsserted(() -> assertThat(client.pods().inNamespace(ns).withName(before.name()).get().getStatus()
                .getContainerStatuses().get(0).getRestartCount()).isEqualTo(1));
    }

    @Test
    void environmentComesFromTheImageConfigMapsSecretsAndThePod() throws Exception {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .withData(Map.of("color", "blue")).build()).create();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("keys").endMetadata()
                .withStringData(Map.of("token", "s3cret")).build()).create();
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("env", 1, Manifests.container(image)
                .addNewEnv().withName("COLOR").withNewValueFrom().withNewConfigMapKeyRef("color", "settings", false).endValueFrom().endEnv()
                .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("token", "keys", false).endValueFrom().endEnv()
                .addNewEnv().withName("MY_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .build())).create();

        PodProcess pod = awaitPods(1).get(0);
        String base = "http://" + pod.ip() + ":8080/env/";
        assertThat(get(base + "COLOR")).isEqualTo("blue");
        assertThat(get(base + "TOKEN")).isEqualTo("s3cret");
        assertThat(get(base + "MY_NAME")).isEqualTo(pod.name());
        assertThat(get(base + "PORT")).isEqualTo("8080");
        assertThat(get(base + "QUARKUS_HTTP_HOST")).isEqualTo(pod.ip());
        assertThat(client.pods().inNamespace(ns).withName(pod.name()).inContainer("function").getLog())
                .contains("listening on " + pod.ip() + ":8080").doesNotContain("[standin");
    }

    @Test
    void podCreatedDirectlyRunsAndDeletingItStopsItsProcess() throws Exception {
        client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName("bare").withLabels(Map.of("app", "bare")).endMetadata()
                .withSpec(Manifests.template(Map.of(), "Always", Manifests.container(image).build()).getSpec()).build()).create();
        PodProcess pod = awaitPods(1).get(0);
        assertThat(pod.name()).isEqualTo("bare");
        assertThat(get("http://" + pod.ip() + ":8080/")).isEqualTo("hello from bare");

        client.pods().inNamespace(ns).withName("bare").delete();

        await().untilAsserted(() -> {
            assertThat(cluster.kubelet().pods(ns)).isEmpty();
            assertThat(client.pods().inNamespace(ns).withName("bare").get()).isNull();
            assertThat(Files.readString(cluster.kubelet().log(ns, "bare"))).contains("SIGTERM received");
        });
    }

    @Test
    void failingLivenessProbeRestartsTheProcess() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("stuck", 1, Manifests.container(image)
                .withNewLivenessProbe().withNewHttpGet().withPath("/never-there").withPort(new IntOrString(8080))
                .endHttpGet().withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe()
                .build())).create();

        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).singleElement()
                .satisfies(p -> assertThat(p.restarts()).isGreaterThanOrEqualTo(1)));
    }
}
