package dev.quiver.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The kustomize base, components, environments and overlays render with kubectl and pass the install policy. */
class KustomizeRenderTest {

    @Test
    void baseRendersControllerRuntimeGatewayAndPassesThePolicy() {
        List<HasMetadata> objects = render("base");

        assertThat(objects).extracting(Manifests::id).contains(
                "CustomResourceDefinition /functions.quiver.dev", "CustomResourceDefinition /functionrevisions.quiver.dev",
                "Namespace /quiver-system", "Deployment quiver-system/quiver-controller",
                "Deployment quiver-system/quiver-runtime", "Service quiver-system/quiver-gateway",
                "PodDisruptionBudget quiver-system/quiver-runtime", "PodDisruptionBudget quiver-system/quiver-controller",
                "Ingress quiver-system/quiver-gateway", "ClusterRole /quiver-runtime", "Role quiver-system/quiver-runtime-leases");
        assertThat(InstallPolicy.violations(objects)).isEmpty();
        Deployment runtime = Manifests.find(objects, Deployment.class, "quiver-runtime");
        assertThat(env(runtime)).containsEntry("QUIVER_PLATFORM", "kubernetes").containsEntry("QUIVER_KUBERNETES_NAMESPACES", "");
        assertThat(runtime.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
        assertThat(env(Manifests.find(objects, Deployment.class, "quiver-controller")))
                .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES")
                .containsEntry("QUIVER_CONTROLLER_FUNCTION_GATEWAY_URL", "http://quiver-gateway.quiver-system.svc.cluster.local")
                .as("no NATS in the base: function pods get no NATS_URL").doesNotContainKey("QUIVER_CONTROLLER_NATS_URL");
        Ingress ingress = Manifests.find(objects, Ingress.class, "quiver-gateway");
        var path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/fn/");
        assertThat(path.getBackend().getService().getName()).isEqualTo("quiver-gateway");
    }

    @Test
    void secretsConfigJobWritesAndScalingAreGrantedOnlyInFunctionNamespaces() {
        assertNamespaceScopedGrants(render("overlays/dev"), "quiver-dev");
    }

    /**
     * The controller's Secrets, ConfigMaps and build Jobs and the runtime's API keys, scaling and job-mode Jobs come
     * from ClusterRoles that only RoleBindings in the function namespace use; nothing bound cluster-wide grants them.
     */
    static void assertNamespaceScopedGrants(List<HasMetadata> objects, String functionNamespace) {
        assertThat(InstallPolicy.violations(objects)).isEmpty();
        Map<String, String> perNamespace = Map.of("quiver-runtime-secrets", "quiver-runtime",
                "quiver-runtime-functions", "quiver-runtime", "quiver-controller-functions", "quiver-controller");
        perNamespace.forEach((role, account) -> {
            assertThat(objects).filteredOn(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                    .filteredOn(b -> b.getRoleRef().getName().equals(role)).as(role).singleElement().satisfies(binding -> {
                        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
                        assertThat(binding.getMetadata().getNamespace()).isEqualTo(functionNamespace);
                        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                            assertThat(s.getName()).isEqualTo(account);
                            assertThat(s.getNamespace()).isEqualTo(Manifests.SYSTEM_NAMESPACE);
                        });
                    });
            assertThat(objects).filteredOn(ClusterRoleBinding.class::isInstance).map(ClusterRoleBinding.class::cast)
                    .as("no cluster-wide binding of " + role).noneMatch(b -> b.getRoleRef().getName().equals(role));
        });
        var controller = Manifests.find(objects, ClusterRole.class, "quiver-controller").getRules();
        assertThat(controller).noneMatch(rule -> rule.getResources().contains("secrets") || rule.getResources().contains("configmaps"));
        assertThat(controller).filteredOn(rule -> rule.getResources().contains("jobs"))
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
        assertThat(Manifests.find(objects, ClusterRole.class, "quiver-controller-functions").getRules())
                .anySatisfy(rule -> assertThat(rule.getResources()).contains("secrets", "configmaps"))
                .anySatisfy(rule -> {
                    assertThat(rule.getResources()).containsExactly("jobs");
                    assertThat(rule.getVerbs()).containsExactly("create");
                });
        var runtime = Manifests.find(objects, ClusterRole.class, "quiver-runtime").getRules();
        assertThat(runtime).noneMatch(rule -> rule.getResources().contains("functionrevisions/scale"))
                .filteredOn(rule -> rule.getResources().contains("jobs"))
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
        assertThat(Manifests.find(objects, ClusterRole.class, "quiver-runtime-functions").getRules())
                .anySatisfy(rule -> assertThat(rule.getResources()).containsExactly("functionrevisions/scale"))
                .anySatisfy(rule -> {
                    assertThat(rule.getResources()).containsExactly("jobs");
                    assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "delete");
                });
    }

    @Test
    void runtimeWritesTriggerReportsOnlyInFunctionNamespacesAndTheControllerAndDeployerReadThem() {
        List<HasMetadata> objects = render("overlays/dev");

        assertThat(objects).filteredOn(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .filteredOn(b -> b.getRoleRef().getName().equals("quiver-runtime-trigger-reports"))
                .singleElement().satisfies(binding -> {
                    assertThat(binding.getMetadata().getNamespace()).isEqualTo("quiver-dev");
                    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                        assertThat(s.getName()).isEqualTo("quiver-runtime");
                        assertThat(s.getNamespace()).isEqualTo("quiver-system");
                    });
                });
        var reports = Manifests.find(objects, ClusterRole.class, "quiver-runtime-trigger-reports");
        assertThat(reports.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update");
        });
        // cluster-wide, the runtime writes no Leases: only in quiver-system and through the bindings above
        assertThat(Manifests.find(objects, ClusterRole.class, "quiver-runtime").getRules())
                .noneMatch(rule -> rule.getResources().contains("leases"));
        assertThat(Manifests.find(objects, ClusterRole.class, "quiver-controller").getRules())
                .anySatisfy(rule -> {
                    assertThat(rule.getResources()).containsExactly("leases");
                    assertThat(rule.getVerbs()).contains("list", "watch");
                });
        assertThat(Manifests.find(objects, Role.class, "quiver-deployer").getRules())
                .anySatisfy(rule -> {
                    assertThat(rule.getResources()).containsExactly("leases");
                    assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
                });
    }

    @Test
    void runtimeScalesRevisionsOnlyAndNeverTouchesDeployments() {
        List<HasMetadata> objects = render("base");

        var scaling = Manifests.find(objects, ClusterRole.class, "quiver-runtime-functions");
        assertThat(scaling.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("quiver.dev");
            assertThat(rule.getResources()).containsExactly("functionrevisions/scale");
        });
        for (var role : List.of(scaling, Manifests.find(objects, ClusterRole.class, "quiver-runtime"))) {
            assertThat(role.getRules()).noneMatch(rule -> rule.getApiGroups().contains("apps"));
        }
    }

    @Test
    void anEnvironmentIsANamespaceWithItsOwnDeployerLimitedToQuiverResources() {
        List<HasMetadata> objects = render("environments/production");

        assertThat(objects).extracting(Manifests::id).containsExactlyInAnyOrder(
                "Namespace /quiver-production", "ServiceAccount quiver-production/quiver-deployer",
                "Role quiver-production/quiver-deployer", "RoleBinding quiver-production/quiver-deployer",
                "RoleBinding quiver-production/quiver-runtime-secrets", "RoleBinding quiver-production/quiver-runtime-functions",
                "RoleBinding quiver-production/quiver-controller-functions",
                "RoleBinding quiver-production/quiver-runtime-trigger-reports", "NetworkPolicy quiver-production/quiver-functions",
                "ResourceQuota quiver-production/quiver-functions", "LimitRange quiver-production/quiver-functions");
        assertThat(InstallPolicy.violations(objects)).isEmpty();
        RoleBinding deployer = Manifests.find(objects, RoleBinding.class, "quiver-deployer");
        assertThat(deployer.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(deployer.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getNamespace()).isEqualTo("quiver-production");
        });
        var role = Manifests.find(objects, Role.class, "quiver-deployer");
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("quiver.dev");
            assertThat(rule.getResources()).containsExactly("functions");
            assertThat(rule.getVerbs()).contains("create", "update", "delete");
        });
        // the deployer writes Functions and their config, never the controller's children
        assertThat(role.getRules()).filteredOn(rule -> rule.getApiGroups().contains("apps") || rule.getApiGroups().contains("batch"))
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsOnly("get", "list", "watch"));
        NetworkPolicy policy = Manifests.find(objects, NetworkPolicy.class, "quiver-functions");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "quiver-system");
        assertThat(Manifests.find(objects, Namespace.class, "quiver-production").getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(Manifests.find(objects, ResourceQuota.class, "quiver-functions").getSpec().getHard()).containsKey("pods");
    }

    @Test
    void quotaOfAnEnvironmentAdmitsContainersThatNameNoResources() {
        List<HasMetadata> objects = render("overlays/prod");

        ResourceQuota quota = Manifests.find(objects, ResourceQuota.class, "quiver-functions");
        LimitRange limits = Manifests.find(objects, LimitRange.class, "quiver-functions");
        var container = limits.getSpec().getLimits().stream().filter(l -> l.getType().equals("Container")).findFirst().orElseThrow();
        for (String constrained : quota.getSpec().getHard().keySet()) {
            if (constrained.startsWith("requests.")) {
                assertThat(container.getDefaultRequest()).as(constrained).containsKey(constrained.substring("requests.".length()));
            } else if (constrained.startsWith("limits.")) {
                assertThat(container.getDefault()).as(constrained).containsKey(constrained.substring("limits.".length()));
            }
        }
        // The controller gives function pods the same defaults itself.
        Map<String, String> controller = env(Manifests.find(objects, Deployment.class, "quiver-controller"));
        assertThat(controller).containsEntry("QUIVER_CONTROLLER_DEFAULT_RESOURCES_REQUESTS_CPU",
                        container.getDefaultRequest().get("cpu").toString())
                .containsEntry("QUIVER_CONTROLLER_DEFAULT_RESOURCES_REQUESTS_MEMORY", container.getDefaultRequest().get("memory").toString())
                .containsEntry("QUIVER_CONTROLLER_DEFAULT_RESOURCES_LIMITS_MEMORY", container.getDefault().get("memory").toString());
    }

    @Test
    void devOverlayWatchesItsNamespaceAndRunsNats() {
        List<HasMetadata> objects = render("overlays/dev");

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        assertThat(objects).extracting(Manifests::id).contains("StatefulSet quiver-system/nats", "Service quiver-system/nats",
                "Namespace /quiver-dev", "ServiceAccount quiver-dev/quiver-deployer");
        assertThat(env(Manifests.find(objects, Deployment.class, "quiver-runtime")))
                .containsEntry("QUIVER_KUBERNETES_NAMESPACES", "quiver-dev")
                .containsEntry("QUIVER_NATS_URL", "nats://nats.quiver-system.svc.cluster.local:4222");
        assertThat(env(Manifests.find(objects, Deployment.class, "quiver-controller")))
                .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "quiver-dev")
                .as("function pods publish to the NATS installed with Quiver")
                .containsEntry("QUIVER_CONTROLLER_NATS_URL", "nats://nats.quiver-system.svc.cluster.local:4222");
    }

    @Test
    void prodOverlayServesHttpsFromTheTlsSecretAndKeepsHttp() {
        List<HasMetadata> objects = render("overlays/prod");

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        Deployment runtime = Manifests.find(objects, Deployment.class, "quiver-runtime");
        var container = runtime.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(runtime.getSpec().getReplicas()).isEqualTo(3);
        assertThat(container.getImage()).isEqualTo("registry.example.com/quiver/runtime:0.1.0");
        assertThat(container.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactlyInAnyOrder("http:8080", "https:8443");
        assertThat(env(runtime)).containsEntry("QUARKUS_PROFILE", "prod,tls");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/quiver/tls");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(runtime.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("quiver-gateway-tls"));
        // probes stay on plain HTTP
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        var service = Manifests.find(objects, Service.class, "quiver-gateway");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactlyInAnyOrder("80->http", "443->https");
        Ingress ingress = Manifests.find(objects, Ingress.class, "quiver-gateway");
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("quiver-ingress-tls"));
    }

    @Test
    void istioComponentReplacesTheIngressWithGatewayAndVirtualService(@TempDir Path dir) throws IOException {
        // kustomize takes relative paths only
        Path overlay = Files.createDirectories(dir.resolve("istio")).toRealPath();
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                components: [%s]
                """.formatted(overlay.relativize(Manifests.deploy().resolve("base")),
                        overlay.relativize(Manifests.deploy().resolve("components/istio"))));

        List<HasMetadata> objects = Manifests.kustomize(overlay);

        assertThat(objects).extracting(Manifests::id).doesNotContain("Ingress quiver-system/quiver-gateway")
                .contains("Gateway quiver-system/quiver-gateway", "VirtualService quiver-system/quiver-gateway");
        GenericKubernetesResource virtualService = objects.stream()
                .filter(o -> o.getKind().equals("VirtualService")).map(GenericKubernetesResource.class::cast)
                .findFirst().orElseThrow();
        assertThat(virtualService.<String>get("spec", "http", 0, "match", 0, "uri", "prefix")).isEqualTo("/fn/");
        assertThat(virtualService.<String>get("spec", "http", 0, "route", 0, "destination", "host"))
                .isEqualTo("quiver-gateway.quiver-system.svc.cluster.local");
    }

    @Test
    void natsAuthComponentRunsTheServerWithUsersAndSignsTheRuntimeIn(@TempDir Path dir) throws IOException {
        Path overlay = Files.createDirectories(dir.resolve("nats-auth")).toRealPath();
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                components: [%s, %s]
                """.formatted(overlay.relativize(Manifests.deploy().resolve("base")),
                        overlay.relativize(Manifests.deploy().resolve("components/nats")),
                        overlay.relativize(Manifests.deploy().resolve("components/nats-auth"))));

        List<HasMetadata> objects = Manifests.kustomize(overlay);

        assertThat(InstallPolicy.violations(objects)).isEmpty();
        ConfigMap generated = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().startsWith("nats-config-")).findFirst().orElseThrow();
        String config = generated.getData().get("nats.conf");
        assertThat(config).as("the server's users: the runtime may do all, functions are kept off Quiver's subjects")
                .contains("{user: quiver-runtime, password: $QUIVER_NATS_RUNTIME_PASSWORD, permissions: $RUNTIME}")
                .contains("deny: [\"quiver.>\", \"$JS.>\", \"$KV.>\", \"$O.>\", \"$SYS.>\", \"_QUIVER_INBOX.>\"]")
                .contains("no_auth_user: quiver-function");
        StatefulSet nats = Manifests.find(objects, StatefulSet.class, "nats");
        var container = nats.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsExactly("-c", "/etc/nats/nats.conf");
        assertThat(container.getEnv()).extracting(e -> e.getValueFrom().getSecretKeyRef().getName())
                .containsOnly("quiver-nats");
        assertThat(nats.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getConfigMap().getName())
                .as("the generated ConfigMap, renamed on every change so the server restarts with it")
                .containsExactly(generated.getMetadata().getName());
        Deployment runtime = Manifests.find(objects, Deployment.class, "quiver-runtime");
        assertThat(env(runtime)).containsEntry("QUIVER_NATS_USER", "quiver-runtime").containsKey("QUIVER_NATS_PASSWORD");
        assertThat(runtime.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).filteredOn(
                e -> e.getName().equals("QUIVER_NATS_PASSWORD")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("runtime-password"));
    }

    private static List<HasMetadata> render(String folder) {
        return Manifests.kustomize(Manifests.deploy().resolve(folder));
    }

    static Map<String, String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }
}
