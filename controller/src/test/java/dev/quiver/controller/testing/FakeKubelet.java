package dev.quiver.controller.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * Stands in for the Deployment controller and the kubelet, which the mock API server does not run:
 * on command it writes the status a real cluster would report for a Deployment.
 */
public final class FakeKubelet {

    private final KubernetesClient client;

    /** A fake kubelet writing through the given client. */
    public FakeKubelet(KubernetesClient client) {
        this.client = client;
    }

    /** All wanted replicas are up and pass their readiness probe. */
    public void markAvailable(String namespace, String name) {
        Deployment deployment = get(namespace, name);
        int replicas = deployment.getSpec().getReplicas();
        write(deployment, replicas, List.of(
                condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                condition("Progressing", "True", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.")));
    }

    /** The Deployment did not become available within its progressDeadlineSeconds. */
    public void markProgressDeadlineExceeded(String namespace, String name) {
        write(get(namespace, name), 0, List.of(
                condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                condition("Progressing", "False", "ProgressDeadlineExceeded",
                        "ReplicaSet \"" + name + "-7d9\" has timed out progressing.")));
    }

    /** The image cannot be pulled. */
    public void markImagePullFailed(String namespace, String name) {
        write(get(namespace, name), 0, List.of(
                condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                condition("ReplicaFailure", "True", "ImagePullBackOff", "Back-off pulling image")));
    }

    private Deployment get(String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null) {
            throw new IllegalStateException("no Deployment " + namespace + "/" + name + " to mark");
        }
        return deployment;
    }

    private void write(Deployment deployment, int ready, List<DeploymentCondition> conditions) {
        DeploymentStatus status = new DeploymentStatus();
        status.setReplicas(deployment.getSpec().getReplicas());
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(ready);
        status.setUpdatedReplicas(deployment.getSpec().getReplicas());
        status.setObservedGeneration(deployment.getMetadata().getGeneration());
        status.setConditions(conditions);
        deployment.setStatus(status);
        client.apps().deployments().resource(deployment).updateStatus();
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
    }
}
