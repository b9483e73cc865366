package dev.quiver.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Helm chart renders (helm-java), parses into Kubernetes objects, honours its values and passes the policy. */
class HelmChartTest {

    @Test
    void defaultValuesRenderALockedDownInstall() {
        List<HasMetadata> objects = Manifests.helmInstall(Map.of());

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        assertThat(objects).extracting(Manifests::id).contains("CustomResourceDefinition /functions.quiver.dev",
                "Deployment quiver-system/quiver-controller", "Deployment quiver-system/quiver-runtime",
                "Service quiver-system/quiver-gateway", "Ingress quiver-system/quiver-gateway", "StatefulSet quiver-system/nats");
        Deployment runtime = Manifests.find(objects, Deployment.class, "quiver-runtime");
        assertThat(runtime.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("quiver/runtime:0.1.0-SNAPSHOT");
        assertThat(KustomizeRenderTest.env(runtime)).containsEntry("QUIVER_KUBERNETES_NAMESPACES", "")
                .doesNotContainKey("QUARKUS_PROFILE");
    }

    @Test
    void valuesSetImagesReplicasNamespacesNatsAndTls() {
        List<HasMetadata> objects = Manifests.helmTemplate(Map.of("image.registry", "registry.example.com", "image.tag", "1.2.3",
                "runtime.replicas", 4, "watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b",
                "nats.enabled", false, "nats.url", "nats://nats.messaging:4222", "gateway.tls.enabled", true));

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        Deployment runtime = Manifests.find(objects, Deployment.class, "quiver-runtime");
        assertThat(runtime.getSpec().getReplicas()).isEqualTo(4);
        assertThat(runtime.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/quiver/runtime:1.2.3");
        assertThat(KustomizeRenderTest.env(runtime)).containsEntry("QUIVER_KUBERNETES_NAMESPACES", "team-a,team-b")
                .containsEntry("QUIVER_NATS_URL", "nats://nats.messaging:4222").containsEntry("QUARKUS_PROFILE", "prod,tls");
        assertThat(KustomizeRenderTest.env(Manifests.find(objects, Deployment.class, "quiver-controller")))
                .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b")
                .as("function pods publish to the same NATS").containsEntry("QUIVER_CONTROLLER_NATS_URL", "nats://nats.messaging:4222");
        assertThat(objects).extracting(Manifests::id).doesNotContain("StatefulSet quiver-system/nats");
        assertThat(Manifests.find(objects, io.fabric8.kubernetes.api.model.Service.class, "quiver-gateway").getSpec().getPorts())
                .extracting(p -> p.getName()).containsExactlyInAnyOrder("http", "https");
    }

    @Test
    void natsOffWithoutAUrlIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Manifests.helmTemplate(Map.of("nats.enabled", false)))
                .hasMessageContaining("set nats.url");
    }

    @Test
    void istioAndEnvironmentsRenderWhenAskedFor() {
        List<HasMetadata> objects = Manifests.helmTemplate(Map.of("istio.enabled", true, "istio.credentialName", "fn-cert",
                "ingress.enabled", false, "environments[0].name", "quiver-staging"));

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        assertThat(objects).extracting(Manifests::id).doesNotContain("Ingress quiver-system/quiver-gateway")
                .contains("Gateway quiver-system/quiver-gateway", "VirtualService quiver-system/quiver-gateway",
                        "Namespace /quiver-staging", "Role quiver-staging/quiver-deployer",
                        "RoleBinding quiver-staging/quiver-runtime-secrets", "RoleBinding quiver-staging/quiver-runtime-functions",
                        "RoleBinding quiver-staging/quiver-controller-functions",
                        "RoleBinding quiver-staging/quiver-runtime-trigger-reports", "NetworkPolicy quiver-staging/quiver-functions",
                        "LimitRange quiver-staging/quiver-functions");
    }

    @Test
    void secretsConfigJobWritesAndScalingAreGrantedOnlyInEnvironmentNamespaces() {
        KustomizeRenderTest.assertNamespaceScopedGrants(
                Manifests.helmTemplate(Map.of("environments[0].name", "quiver-staging")), "quiver-staging");
    }

    @Test
    void crdCopiesEqualTheCommittedCrds() throws Exception {
        try (var committed = Files.list(Manifests.root().resolve("crds"))) {
            List<Path> files = committed.filter(p -> p.toString().endsWith(".yml")).toList();
            assertThat(files).isNotEmpty();
            for (Path file : files) {
                for (Path copy : List.of(Manifests.deploy().resolve("base").resolve(file.getFileName()),
                        Manifests.chart().resolve("crds").resolve(file.getFileName()))) {
                    assertThat(Files.readString(copy)).as(copy + " is a copy of " + file + "; copy it again")
                            .isEqualTo(Files.readString(file));
                }
            }
        }
    }
}
