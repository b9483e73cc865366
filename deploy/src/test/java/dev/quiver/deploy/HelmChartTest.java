package dev.quiver.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        assertThat(Manifests.find(objects, Service.class, "quiver-gateway").getSpec().getPorts())
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

    @Test
    void everyRenderedObjectAndPodCarriesTheStandardLabels() {
        List<HasMetadata> objects = Manifests.helmTemplate(Map.of("environments[0].name", "quiver-staging",
                "environments[0].quota.pods", 200, "istio.enabled", true, "metrics.serviceMonitor.enabled", true));
        Map<String, String> common = Map.of("app.kubernetes.io/instance", "quiver", "app.kubernetes.io/version", "0.1.0-SNAPSHOT",
                "app.kubernetes.io/part-of", "quiver", "app.kubernetes.io/managed-by", "Helm", "helm.sh/chart", "quiver-0.1.0");
        List<String> unlabelled = new ArrayList<>();

        for (HasMetadata object : objects) {
            Map<String, String> labels = object.getMetadata().getLabels();
            PodTemplateSpec pod = podTemplate(object);
            for (Map<String, String> l : pod == null ? List.of(labels) : List.of(labels, pod.getMetadata().getLabels())) {
                if (l == null || !l.entrySet().containsAll(common.entrySet()) || !l.containsKey("app.kubernetes.io/name")
                        || !l.containsKey("app.kubernetes.io/component")) {
                    unlabelled.add(Manifests.id(object) + " " + l);
                }
            }
        }

        assertThat(objects).hasSizeGreaterThan(30);
        assertThat(unlabelled).isEmpty();
        assertThat(Manifests.find(objects, Deployment.class, "quiver-runtime").getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "quiver-runtime").containsEntry("app.kubernetes.io/component", "runtime");
    }

    @Test
    void defaultsSpreadControllerAndRuntimeAndSetNoOtherSchedulingFields() {
        List<HasMetadata> objects = Manifests.helmTemplate(Map.of());

        for (String name : List.of("quiver-controller", "quiver-runtime")) {
            PodSpec pod = Manifests.find(objects, Deployment.class, name).getSpec().getTemplate().getSpec();
            assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                    .singleElement().satisfies(term -> assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                            .containsExactly(Map.entry("app.kubernetes.io/name", name)));
            assertThat(pod.getServiceAccountName()).isEqualTo(name);
            assertThat(pod.getNodeSelector()).isEmpty();
            assertThat(pod.getTolerations()).isEmpty();
            assertThat(pod.getImagePullSecrets()).isEmpty();
            assertThat(pod.getRuntimeClassName()).isNull();
            assertThat(pod.getPriorityClassName()).isNull();
        }
        PodSpec nats = Manifests.find(objects, StatefulSet.class, "nats").getSpec().getTemplate().getSpec();
        assertThat(nats.getAffinity()).isNull();
        assertThat(nats.getServiceAccountName()).isNull();
    }

    @Test
    void schedulingValuesReachEachPartsPod(@TempDir Path dir) {
        List<HasMetadata> objects = Manifests.helmTemplate(dir, """
                imagePullSecrets: [{name: regcred}]
                controller:
                  nodeSelector: {node-role.example.com/system: "true"}
                  tolerations: [{key: dedicated, operator: Equal, value: system, effect: NoSchedule}]
                  priorityClassName: system-cluster-critical
                  serviceAccount: {create: true, name: quiver-operator, annotations: {iam.example.com/role: quiver}}
                runtime:
                  nodeSelector: {kubernetes.io/os: linux}
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]
                  imagePullSecrets: [{name: runtime-pull}]
                  runtimeClassName: gvisor
                  serviceAccount: {create: false, name: existing-gateway}
                nats:
                  tolerations: [{operator: Exists}]
                  serviceAccountName: nats-sa
                environments: [{name: quiver-staging}]
                """);

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        PodSpec controller = Manifests.find(objects, Deployment.class, "quiver-controller").getSpec().getTemplate().getSpec();
        assertThat(controller.getNodeSelector()).containsExactly(Map.entry("node-role.example.com/system", "true"));
        assertThat(controller.getTolerations()).singleElement().satisfies(t -> assertThat(List.of(t.getKey(), t.getOperator(),
                t.getValue(), t.getEffect())).containsExactly("dedicated", "Equal", "system", "NoSchedule"));
        assertThat(controller.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(controller.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
        assertThat(controller.getAffinity().getPodAntiAffinity()).as("default spreading kept").isNotNull();
        assertThat(controller.getServiceAccountName()).isEqualTo("quiver-operator");
        assertThat(Manifests.find(objects, ServiceAccount.class, "quiver-operator")
                .getMetadata().getAnnotations()).containsEntry("iam.example.com/role", "quiver");

        PodSpec runtime = Manifests.find(objects, Deployment.class, "quiver-runtime").getSpec().getTemplate().getSpec();
        assertThat(runtime.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
        assertThat(runtime.getAffinity().getPodAntiAffinity()).as("affinity replaces the default").isNull();
        assertThat(runtime.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()).hasSize(1);
        assertThat(runtime.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred", "runtime-pull");
        assertThat(runtime.getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(runtime.getServiceAccountName()).isEqualTo("existing-gateway");
        assertThat(objects).extracting(Manifests::id).doesNotContain("ServiceAccount quiver-system/existing-gateway",
                "ServiceAccount quiver-system/quiver-runtime", "ServiceAccount quiver-system/quiver-controller");

        PodSpec nats = Manifests.find(objects, StatefulSet.class, "nats").getSpec().getTemplate().getSpec();
        assertThat(nats.getTolerations()).singleElement().satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
        assertThat(nats.getServiceAccountName()).isEqualTo("nats-sa");
        assertThat(nats.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
        assertThat(nats.getAutomountServiceAccountToken()).isFalse();

        assertThat(Manifests.find(objects, ClusterRoleBinding.class, "quiver-controller").getSubjects())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("quiver-operator"));
        assertThat(Manifests.find(objects, ClusterRoleBinding.class, "quiver-runtime").getSubjects())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("existing-gateway"));
        assertThat(objects).filteredOn(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .flatExtracting(b -> b.getSubjects()).extracting(s -> s.getName()).containsOnly("quiver-deployer",
                        "quiver-operator", "existing-gateway");
    }

    @Test
    void functionPodSchedulingReachesTheControllerAsItsSettings(@TempDir Path dir) {
        Deployment controller = Manifests.find(Manifests.helmTemplate(dir, """
                functionPods:
                  nodeSelector: {pool: functions, kubernetes.io/os: linux}
                  tolerations: [{key: dedicated, operator: Equal, value: functions, effect: NoSchedule}]
                  imagePullSecrets: [{name: regcred}, {name: mirror}]
                  runtimeClassName: gvisor
                """), Deployment.class, "quiver-controller");

        assertThat(KustomizeRenderTest.env(controller))
                .containsEntry("QUIVER_CONTROLLER_FUNCTIONS_NODE_SELECTOR", "kubernetes.io/os=linux,pool=functions")
                .containsEntry("QUIVER_CONTROLLER_FUNCTIONS_TOLERATIONS",
                        "[{\"effect\":\"NoSchedule\",\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"functions\"}]")
                .containsEntry("QUIVER_CONTROLLER_FUNCTIONS_IMAGE_PULL_SECRETS", "regcred,mirror")
                .containsEntry("QUIVER_CONTROLLER_FUNCTIONS_RUNTIME_CLASS_NAME", "gvisor");
        assertThat(KustomizeRenderTest.env(Manifests.find(Manifests.helmTemplate(Map.of()), Deployment.class,
                "quiver-controller"))).as("unset: the controller's defaults").doesNotContainKeys(
                "QUIVER_CONTROLLER_FUNCTIONS_NODE_SELECTOR", "QUIVER_CONTROLLER_FUNCTIONS_TOLERATIONS",
                "QUIVER_CONTROLLER_FUNCTIONS_IMAGE_PULL_SECRETS", "QUIVER_CONTROLLER_FUNCTIONS_RUNTIME_CLASS_NAME");
    }

    @Test
    void runtimeProbesAskSmallRyeHealthOnThePlainHttpPort() {
        Container runtime = Manifests.find(Manifests.helmTemplate(Map.of("gateway.tls.enabled", true)), Deployment.class,
                "quiver-runtime").getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(runtime.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(runtime.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(runtime.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(runtime.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    @Test
    void serviceMonitorsAreOffByDefaultAndScrapeRuntimeAndControllerWhenOn() {
        assertThat(Manifests.helmTemplate(Map.of())).extracting(HasMetadata::getKind).doesNotContain("ServiceMonitor");
        List<HasMetadata> objects = Manifests.helmTemplate(Map.of("metrics.serviceMonitor.enabled", true,
                "metrics.serviceMonitor.interval", "15s", "metrics.serviceMonitor.labels.release", "prometheus"));

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        assertThat(endpoint(objects, "quiver-runtime")).containsEntry("port", "http").containsEntry("path", "/metrics")
                .containsEntry("interval", "15s");
        assertThat(endpoint(objects, "quiver-controller")).containsEntry("port", "http").containsEntry("path", "/q/metrics");
        assertThat(selectedServices(objects, "quiver-runtime")).containsExactly("quiver-gateway");
        assertThat(selectedServices(objects, "quiver-controller")).containsExactly("quiver-controller-metrics");
        Service controllerMetrics = Manifests.find(objects, Service.class, "quiver-controller-metrics");
        assertThat(controllerMetrics.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(Manifests.find(objects, Deployment.class, "quiver-controller").getSpec().getTemplate().getMetadata()
                .getLabels()).containsAllEntriesOf(controllerMetrics.getSpec().getSelector());
        assertThat(serviceMonitor(objects, "quiver-runtime").getMetadata().getLabels())
                .containsEntry("release", "prometheus");
    }

    @Test
    void notesSayHowToReachTheGatewayTheDashboardAndTheMetrics() {
        String notes = Manifests.helmNotes(Map.of("environments[0].name", "quiver-staging"));

        assertThat(notes).contains("kubectl port-forward -n quiver-system svc/quiver-gateway 8080:80",
                "kubectl port-forward -n quiver-system deploy/quiver-runtime 8082:8082", "kubectl apply -n quiver-staging -f hello.yaml",
                "quiver deploy . --target cluster -n quiver-staging", "/q/health/ready", "GET /q/metrics",
                "metrics.serviceMonitor.enabled=true");
        assertThat(Manifests.helmNotes(Map.of())).contains("WARNING: environments is empty");
    }

    private static PodTemplateSpec podTemplate(HasMetadata object) {
        return object instanceof Deployment d ? d.getSpec().getTemplate()
                : object instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata object) {
        return (Map<String, Object>) ((GenericKubernetesResource) object).getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> endpoint(List<HasMetadata> objects, String monitor) {
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec(serviceMonitor(objects, monitor)).get("endpoints");
        assertThat(endpoints).hasSize(1);
        return endpoints.get(0);
    }

    /** The names of the rendered Services whose labels the ServiceMonitor's selector matches. */
    @SuppressWarnings("unchecked")
    private static List<String> selectedServices(List<HasMetadata> objects, String monitor) {
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec(serviceMonitor(objects, monitor))
                .get("selector")).get("matchLabels");
        return objects.stream().filter(Service.class::isInstance)
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .map(s -> s.getMetadata().getName()).toList();
    }

    private static HasMetadata serviceMonitor(List<HasMetadata> objects, String name) {
        return objects.stream().filter(o -> o.getKind().equals("ServiceMonitor") && o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no ServiceMonitor " + name));
    }
}
