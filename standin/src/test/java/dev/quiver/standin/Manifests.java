package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/** Fixture builders: the objects Quiver's controller and runtime make, cut down to what the stand-in reads. */
final class Manifests {

    private Manifests() {
    }

    /** The function container: port http 8080, readiness on /health/ready, a preStop-free graceful stop. */
    static ContainerBuilder container(String image) {
        return new ContainerBuilder()
                .withName("function")
                .withImage(image)
                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health/ready").withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(5).withFailureThreshold(3).withSuccessThreshold(1).endReadinessProbe();
    }

    static PodTemplateSpec template(Map<String, String> labels, String restartPolicy, Container container) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(10L)
                .withContainers(container).endSpec().build();
    }

    static Deployment deployment(String name, int replicas, Container container) {
        Map<String, String> labels = Map.of("app", name);
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString("25%"))
                .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withTemplate(template(labels, "Always", container))
                .endSpec().build();
    }

    /** A Service in front of the Deployment's pods, labelled like a revision's. */
    static Service service(String name, String app) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("quiver.dev/revision", app)).endMetadata()
                .withNewSpec().withSelector(Map.of("app", app))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build();
    }

    static Job job(String name, Container container) {
        return new JobBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0)
                .withTemplate(template(Map.of("quiver.dev/job", name), "Never", container))
                .endSpec().build();
    }

    static List<String> exitWith(int code) {
        return List.of("exit", String.valueOf(code));
    }
}
