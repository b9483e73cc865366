package dev.quiver.controller.testing;

import dev.quiver.api.contract.ChildNames;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * Stands in for the Deployment and Job controllers and the kubelet, which the mock API server does not run:
 * on command it writes the status a real cluster would report for a Deployment, or runs a build Job to its
 * end (a pod whose containers terminated with the builder's termination message, then the Job's condition).
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

    /** The build Job's builder pushed an image and wrote {@code imageByDigest} as its termination message. */
    public void completeBuild(String namespace, String jobName, String imageByDigest) {
        finishBuild(namespace, jobName, terminated(ChildNames.SOURCE_CONTAINER, 0, null), terminated(ChildNames.BUILD_CONTAINER, 0, imageByDigest),
                "Complete", null, null);
    }

    /** The build Job's builder exited with an error; its termination message is the last lines of its log. */
    public void failBuild(String namespace, String jobName, String logTail) {
        finishBuild(namespace, jobName, terminated(ChildNames.SOURCE_CONTAINER, 0, null), terminated(ChildNames.BUILD_CONTAINER, 1, logTail),
                "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }

    /** The build Job's init container could not fetch the source; the builder never ran. */
    public void failSourceFetch(String namespace, String jobName, String logTail) {
        finishBuild(namespace, jobName, terminated(ChildNames.SOURCE_CONTAINER, 128, logTail), null,
                "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }

    private void finishBuild(String namespace, String jobName, ContainerStatus source, ContainerStatus builder,
            String condition, String reason, String message) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        if (job == null) {
            throw new IllegalStateException("no Job " + namespace + "/" + jobName + " to finish");
        }
        Pod pod = client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(jobName + "-x7k2p")
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(jobName)
                        .withUid(job.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build()).create();
        pod.setStatus(new PodStatusBuilder()
                .withPhase(builder == null || builder.getState().getTerminated().getExitCode() != 0 ? "Failed" : "Succeeded")
                .withInitContainerStatuses(source)
                .withContainerStatuses(builder == null ? List.of() : List.of(builder))
                .build());
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
        JobStatus status = new JobStatus();
        status.setConditions(List.of(new JobConditionBuilder().withType(condition).withStatus("True")
                .withReason(reason).withMessage(message).build()));
        status.setSucceeded("Complete".equals(condition) ? 1 : 0);
        status.setFailed("Failed".equals(condition) ? 1 : 0);
        job.setStatus(status);
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    private static ContainerStatus terminated(String container, int exitCode, String message) {
        return new ContainerStatusBuilder().withName(container).withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState()
                .build();
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
