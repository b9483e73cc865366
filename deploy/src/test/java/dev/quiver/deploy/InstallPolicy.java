package dev.quiver.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules every rendered install must keep: workloads run non-root, with a read-only root filesystem, no
 * privilege escalation, no capabilities, resources and a readiness probe; roles name every group, resource and
 * verb (no wildcards); nothing bound cluster-wide reads Secrets or ConfigMaps, writes workloads or scales revisions
 * (those are granted per function namespace, so one tenant's namespace cannot be reached through Quiver's accounts).
 */
final class InstallPolicy {

    /** Resources no cluster-wide binding may grant at all: their contents are a namespace's secrets. */
    private static final Set<String> NAMESPACE_ONLY = Set.of("secrets", "configmaps");
    /** Resources a cluster-wide binding may read (informers) but not write: writing them runs pods or scales them. */
    private static final Set<String> READ_ONLY_CLUSTER_WIDE = Set.of("pods", "deployments", "replicasets", "statefulsets",
            "daemonsets", "jobs", "cronjobs", "podtemplates", "services", "functionrevisions/scale");
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

    private InstallPolicy() {
    }

    /** What breaks the rules, one line each; empty when everything complies. */
    static List<String> violations(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            PodSpec pod = podSpec(object);
            if (pod != null) {
                checkPod(Manifests.id(object), pod, problems);
            }
            List<PolicyRule> rules = object instanceof ClusterRole role ? role.getRules()
                    : object instanceof Role role ? role.getRules() : null;
            if (rules != null) {
                checkRules(Manifests.id(object), rules, problems);
            }
        }
        checkClusterWideGrants(objects, problems);
        return problems;
    }

    /** Every ClusterRoleBinding's role keeps Secrets and ConfigMaps out and only reads Jobs, schedules and scale. */
    private static void checkClusterWideGrants(List<HasMetadata> objects, List<String> problems) {
        Map<String, ClusterRole> roles = objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity(), (a, b) -> a));
        for (HasMetadata object : objects) {
            if (!(object instanceof ClusterRoleBinding binding) || !"ClusterRole".equals(binding.getRoleRef().getKind())) {
                continue;
            }
            ClusterRole role = roles.get(binding.getRoleRef().getName());
            for (PolicyRule rule : role == null ? List.<PolicyRule>of() : role.getRules()) {
                for (String resource : rule.getResources()) {
                    if (NAMESPACE_ONLY.contains(resource)) {
                        problems.add(Manifests.id(binding) + ": grants " + resource + " in every namespace");
                    } else if (READ_ONLY_CLUSTER_WIDE.contains(resource) && !READ_VERBS.containsAll(rule.getVerbs())) {
                        problems.add(Manifests.id(binding) + ": grants " + rule.getVerbs() + " on " + resource
                                + " in every namespace");
                    }
                }
            }
        }
    }

    private static PodSpec podSpec(HasMetadata object) {
        if (object instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        } else if (object instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        } else if (object instanceof DaemonSet d) {
            return d.getSpec().getTemplate().getSpec();
        } else if (object instanceof Job j) {
            return j.getSpec().getTemplate().getSpec();
        } else if (object instanceof CronJob c) {
            return c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        }
        return null;
    }

    private static void checkPod(String id, PodSpec pod, List<String> problems) {
        PodSecurityContext podSecurity = pod.getSecurityContext();
        boolean podNonRoot = podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
        List<Container> containers = Stream.concat(pod.getContainers().stream(),
                pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream()).toList();
        for (Container container : containers) {
            String where = id + " container " + container.getName() + ": ";
            SecurityContext security = container.getSecurityContext();
            if (security == null) {
                problems.add(where + "no securityContext");
                continue;
            }
            if (!podNonRoot && !Boolean.TRUE.equals(security.getRunAsNonRoot())) {
                problems.add(where + "may run as root (runAsNonRoot is not true)");
            }
            if (Long.valueOf(0).equals(security.getRunAsUser())
                    || podSecurity != null && Long.valueOf(0).equals(podSecurity.getRunAsUser())) {
                problems.add(where + "runs as user 0");
            }
            if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                problems.add(where + "root filesystem is writable");
            }
            if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                problems.add(where + "privilege escalation is not forbidden");
            }
            if (Boolean.TRUE.equals(security.getPrivileged())) {
                problems.add(where + "is privileged");
            }
            if (security.getCapabilities() == null || !security.getCapabilities().getDrop().contains("ALL")
                    || !security.getCapabilities().getAdd().isEmpty()) {
                problems.add(where + "capabilities are not all dropped");
            }
            var resources = container.getResources();
            if (resources == null || !resources.getRequests().containsKey("cpu")
                    || !resources.getRequests().containsKey("memory") || !resources.getLimits().containsKey("memory")) {
                problems.add(where + "resources not set (requests cpu and memory, limit memory)");
            }
            if (pod.getContainers().contains(container) && container.getReadinessProbe() == null) {
                problems.add(where + "no readiness probe");
            }
        }
    }

    private static void checkRules(String id, List<PolicyRule> rules, List<String> problems) {
        for (PolicyRule rule : rules) {
            Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getResourceNames(),
                            rule.getNonResourceURLs())
                    .flatMap(List::stream)
                    .filter(value -> value.contains("*"))
                    .forEach(value -> problems.add(id + ": wildcard '" + value + "' in " + rule));
            if (rule.getVerbs().isEmpty() || rule.getResources().isEmpty() && rule.getNonResourceURLs().isEmpty()) {
                problems.add(id + ": rule without verbs or resources " + rule);
            }
        }
    }
}
