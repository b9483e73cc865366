package dev.quiver.deploy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy that every rendered install is checked against finds what it must find. */
class InstallPolicyTest {

    @Test
    void aLockedDownDeploymentPasses() {
        assertThat(InstallPolicy.violations(List.of(deployment(c -> c)))).isEmpty();
    }

    @Test
    void rootWritableEscalatingUnboundedContainersAreReported() {
        Deployment bad = deployment(c -> c.editSecurityContext().withRunAsNonRoot(false).withRunAsUser(0L)
                .withReadOnlyRootFilesystem(false).withAllowPrivilegeEscalation(true)
                .withNewCapabilities().withAdd("NET_ADMIN").endCapabilities().endSecurityContext()
                .withNewResources().endResources()
                .withReadinessProbe(null));
        bad.getSpec().getTemplate().getSpec().setSecurityContext(null);

        assertThat(InstallPolicy.violations(List.of(bad)))
                .anyMatch(v -> v.contains("may run as root"))
                .anyMatch(v -> v.contains("runs as user 0"))
                .anyMatch(v -> v.contains("root filesystem is writable"))
                .anyMatch(v -> v.contains("privilege escalation"))
                .anyMatch(v -> v.contains("capabilities"))
                .anyMatch(v -> v.contains("resources not set"))
                .anyMatch(v -> v.contains("no readiness probe"));
    }

    @Test
    void wildcardsInRolesAreReported() {
        HasMetadata role = new ClusterRoleBuilder().withNewMetadata().withName("too-much").endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("*").withVerbs("get").build(),
                        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs("*").build())
                .build();

        assertThat(InstallPolicy.violations(List.of(role))).hasSize(2)
                .allMatch(v -> v.startsWith("ClusterRole /too-much: wildcard '*'"));
    }

    @Test
    void secretsAndWorkloadWritesBoundClusterWideAreReportedButReadsAndUnboundRolesAreNot() {
        HasMetadata role = new ClusterRoleBuilder().withNewMetadata().withName("controller").endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs("get").build(),
                        new PolicyRuleBuilder().withApiGroups("batch").withResources("jobs").withVerbs("list", "create").build(),
                        new PolicyRuleBuilder().withApiGroups("quiver.dev").withResources("functionrevisions/scale")
                                .withVerbs("patch").build(),
                        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs("create").build(),
                        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs("list", "watch").build(),
                        new PolicyRuleBuilder().withApiGroups("quiver.dev").withResources("functions").withVerbs("create").build())
                .build();
        HasMetadata binding = new ClusterRoleBindingBuilder().withNewMetadata().withName("controller").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("controller")
                .endRoleRef().addNewSubject().withKind("ServiceAccount").withName("controller").withNamespace("system")
                .endSubject().build();

        assertThat(InstallPolicy.violations(List.of(role))).as("an unbound ClusterRole grants nothing").isEmpty();
        assertThat(InstallPolicy.violations(List.of(role, binding))).containsExactlyInAnyOrder(
                "ClusterRoleBinding /controller: grants secrets in every namespace",
                "ClusterRoleBinding /controller: grants [list, create] on jobs in every namespace",
                "ClusterRoleBinding /controller: grants [patch] on functionrevisions/scale in every namespace",
                "ClusterRoleBinding /controller: grants [create] on deployments in every namespace");
    }

    /** A Deployment that follows every rule, changed by {@code change}. */
    private static Deployment deployment(UnaryOperator<ContainerBuilder> change) {
        ContainerBuilder container = new ContainerBuilder().withName("app").withImage("app:1")
                .withNewSecurityContext().withRunAsNonRoot(true).withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                .withLimits(Map.of("memory", new Quantity("128Mi"))).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").endHttpGet().endReadinessProbe();
        return new DeploymentBuilder().withNewMetadata().withName("app").withNamespace("ns").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withNewSecurityContext().withRunAsNonRoot(true)
                .endSecurityContext().withContainers(change.apply(container).build()).endSpec().endTemplate().endSpec()
                .build();
    }
}
