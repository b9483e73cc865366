package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.FunctionRevision;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server part of the stand-in: CRDs applied, status kept as a subresource, kubeconfigs usable. */
class ApiServerTest {

    @TempDir
    static Path dir;
    static ClusterStandIn cluster;

    @BeforeAll
    static void start() {
        cluster = ClusterStandIn.start(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void quiverCrdsAreApplied() {
        assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems())
                .extracting(crd -> crd.getMetadata().getName())
                .contains("functions.quiver.dev", "functionrevisions.quiver.dev");
        assertThat(cluster.client().resources(FunctionRevision.class).inNamespace("a").list().getItems()).isEmpty();
    }

    @Test
    void deploymentStatusSurvivesAnUpdateOfTheWholeObject() {
        KubernetesClient client = cluster.client();
        Deployment created = client.apps().deployments().inNamespace("a").resource(new DeploymentBuilder()
                .withNewMetadata().withName("d").endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create();
        created.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());
        client.apps().deployments().inNamespace("a").resource(created).updateStatus();

        Deployment read = client.apps().deployments().inNamespace("a").withName("d").get();
        read.getSpec().setReplicas(3);
        read.setStatus(null);
        client.apps().deployments().inNamespace("a").resource(read).update();

        Deployment after = client.apps().deployments().inNamespace("a").withName("d").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
        assertThat(after.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(after.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void podStatusIsASubresource() {
        KubernetesClient client = cluster.client();
        Pod pod = client.pods().inNamespace("a").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().withNodeName("another-node").addNewContainer().withName("c").withImage("x").endContainer().endSpec()
                .build()).create(); // on another node: the kubelet stand-in leaves it alone
        pod.setStatus(new PodStatusBuilder().withPodIP("127.1.2.3").build());
        client.pods().inNamespace("a").resource(pod).updateStatus();
        Pod read = client.pods().inNamespace("a").withName("p").get();
        read.setStatus(null);
        read.getMetadata().getLabels().put("x", "y");
        client.pods().inNamespace("a").resource(read).update();

        assertThat(client.pods().inNamespace("a").withName("p").get().getStatus().getPodIP()).isEqualTo("127.1.2.3");
    }

    @Test
    void kubeconfigReachesTheServerWithItsNamespace() throws Exception {
        Path kubeconfig = cluster.kubeconfig("team-a");
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), null);
        try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(other.getNamespace()).isEqualTo("team-a");
            assertThat(other.getMasterUrl().toString()).startsWith("http://127.0.0.1:");
            other.configMaps().resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("seen").endMetadata().build()).create();
        }
        assertThat(cluster.client().configMaps().inNamespace("team-a").withName("seen").get()).isNotNull();
    }
}
