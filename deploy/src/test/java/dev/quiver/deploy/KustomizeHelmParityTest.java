package dev.quiver.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kustomize and Helm install the same thing for the same settings: the same objects (kind, namespace, name), the
 * same RBAC rules, and workloads with the same images, replicas, ports, env, mounts and probes.
 */
class KustomizeHelmParityTest {

    /** helm install -n quiver-system --create-namespace makes this namespace; kustomize declares it. */
    private static final String SYSTEM_NAMESPACE_ID = "Namespace /quiver-system";

    @Test
    void devOverlayAndChartWithDevValuesInstallTheSameObjects() {
        assertSame(Manifests.kustomize(Manifests.deploy().resolve("overlays/dev")), Manifests.helmInstall(Map.of(
                "runtime.replicas", 1, "watchNamespaces[0]", "quiver-dev", "nats.storage", "1Gi",
                "environments[0].name", "quiver-dev")));
    }

    @Test
    void prodOverlayAndChartWithProdValuesInstallTheSameObjects() {
        assertSame(Manifests.kustomize(Manifests.deploy().resolve("overlays/prod")), Manifests.helmInstall(Map.ofEntries(
                Map.entry("image.registry", "registry.example.com"), Map.entry("image.tag", "0.1.0"),
                Map.entry("runtime.replicas", 3), Map.entry("runtime.resources.requests.cpu", "1"),
                Map.entry("runtime.resources.requests.memory", "512Mi"), Map.entry("runtime.resources.limits.memory", "1Gi"),
                Map.entry("gateway.tls.enabled", true), Map.entry("ingress.className", "nginx"),
                Map.entry("ingress.host", "fn.example.com"), Map.entry("ingress.tls[0].hosts[0]", "fn.example.com"),
                Map.entry("ingress.tls[0].secretName", "quiver-ingress-tls"),
                Map.entry("environments[0].name", "quiver-production"),
                Map.entry("environments[0].quota.pods", "200"))));
    }

    private static void assertSame(List<HasMetadata> kustomize, List<HasMetadata> helm) {
        assertThat(InstallPolicy.violations(helm)).isEmpty();
        assertThat(ids(helm)).isEqualTo(ids(kustomize).stream().filter(id -> !id.equals(SYSTEM_NAMESPACE_ID))
                .collect(Collectors.toCollection(TreeSet::new)));
        assertThat(rules(helm)).as("RBAC rules by role").isEqualTo(rules(kustomize));
        assertThat(workloads(helm)).as("workloads").isEqualTo(workloads(kustomize));
        assertThat(limitRanges(helm)).as("limit ranges").isEqualTo(limitRanges(kustomize)).isNotEmpty();
    }

    /** Every LimitRange's limits, by id. */
    private static Map<String, String> limitRanges(List<HasMetadata> objects) {
        Map<String, String> ranges = new TreeMap<>();
        for (HasMetadata object : objects) {
            if (object instanceof LimitRange range) {
                ranges.put(Manifests.id(object), range.getSpec().getLimits().stream()
                        .map(l -> l.getType() + " default=" + new TreeMap<>(l.getDefault()) + " request="
                                + new TreeMap<>(l.getDefaultRequest()))
                        .toList().toString());
            }
        }
        return ranges;
    }

    private static Set<String> ids(List<HasMetadata> objects) {
        return objects.stream().map(Manifests::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every role's rules as sorted "groups resources verbs" lines, so order does not matter. */
    private static Map<String, Set<String>> rules(List<HasMetadata> objects) {
        Map<String, Set<String>> rules = new TreeMap<>();
        for (HasMetadata object : objects) {
            List<PolicyRule> list = object instanceof ClusterRole c ? c.getRules() : object instanceof Role r ? r.getRules() : null;
            if (list != null) {
                rules.put(Manifests.id(object), list.stream()
                        .map(rule -> new TreeSet<>(rule.getApiGroups()) + " " + new TreeSet<>(rule.getResources()) + " "
                                + new TreeSet<>(rule.getVerbs()))
                        .collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        return rules;
    }

    /** What matters of each workload: replicas, and per container image, ports, env, mounts, resources and probes. */
    private static Map<String, String> workloads(List<HasMetadata> objects) {
        Map<String, String> workloads = new TreeMap<>();
        for (HasMetadata object : objects) {
            Integer replicas = object instanceof Deployment d ? d.getSpec().getReplicas()
                    : object instanceof StatefulSet s ? s.getSpec().getReplicas() : null;
            PodTemplateSpec template = object instanceof Deployment d ? d.getSpec().getTemplate()
                    : object instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
            if (template != null) {
                StringBuilder summary = new StringBuilder("replicas=" + replicas);
                for (Container c : template.getSpec().getContainers()) {
                    summary.append("\n").append(c.getName()).append(" image=").append(c.getImage())
                            .append(" ports=").append(sorted(c.getPorts(), p -> p.getName() + ":" + p.getContainerPort()))
                            .append(" env=").append(sorted(c.getEnv(), e -> e.getName() + "=" + (e.getValue() == null ? "" : e.getValue())))
                            .append(" mounts=").append(sorted(c.getVolumeMounts(), m -> m.getName() + ":" + m.getMountPath()))
                            .append(" resources=").append(new TreeMap<>(c.getResources().getRequests())).append('/')
                            .append(new TreeMap<>(c.getResources().getLimits()))
                            .append(" readiness=").append(probe(c.getReadinessProbe()))
                            .append(" liveness=").append(probe(c.getLivenessProbe()));
                }
                workloads.put(Manifests.id(object), summary.toString());
            }
        }
        return workloads;
    }

    /** Where a probe looks: "GET port path" or "TCP port". */
    private static String probe(Probe probe) {
        if (probe == null) {
            return "none";
        }
        return probe.getHttpGet() != null ? "GET " + port(probe.getHttpGet().getPort()) + " " + probe.getHttpGet().getPath()
                : probe.getTcpSocket() != null ? "TCP " + port(probe.getTcpSocket().getPort()) : probe.toString();
    }

    private static String port(IntOrString port) {
        return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    private static <T> String sorted(List<T> items, Function<T, String> text) {
        return items.stream().map(text).sorted().toList().toString();
    }
}
