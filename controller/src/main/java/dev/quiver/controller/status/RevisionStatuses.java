package dev.quiver.controller.status;

import dev.quiver.api.ApiJson;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.Mode;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.conditions.RevisionLifecycle;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.contract.Probes;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;

import java.time.Clock;
import java.util.List;

/**
 * Computes a revision's status from what its children report (marking through {@link RevisionLifecycle}, as the
 * local platform does), and says which probes its replicas get
 * ({@code status.probes}). Pure: the reconciler passes the revision, its Deployment as last read (null when there is
 * none), a replica that never became ready (when the Deployment gave up on them) and the clock; transition times move
 * only on change.
 */
public final class RevisionStatuses {

    /** The reason of a Deployment that did not become available in time, and of the revision's failure then. */
    public static final String PROGRESS_DEADLINE_EXCEEDED = RevisionLifecycle.PROGRESS_DEADLINE_EXCEEDED;

    /** Reasons a Deployment's conditions carry when the image cannot be pulled. */
    private static final List<String> PULL_FAILURES = List.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName");

    private final Clock clock;

    /** An aggregator stamping transitions with the given clock. */
    public RevisionStatuses(Clock clock) {
        this.clock = clock;
    }

    /** The status of a revision in mode Service, from its Deployment. */
    public FunctionRevisionStatus ofService(FunctionRevision revision, Deployment deployment) {
        return ofService(revision, deployment, null);
    }

    /**
     * The status of a revision in mode Service, from its Deployment and, when its replicas never became ready, one
     * replica that is not ready (with its log's last lines), which the failure message shows.
     */
    public FunctionRevisionStatus ofService(FunctionRevision revision, Deployment deployment,
            ReadinessFailure.UnreadyPod unready) {
        FunctionRevisionStatus status = start(revision);
        RevisionLifecycle lifecycle = RevisionLifecycle.of(status, clock);
        status.url = ChildNames.revisionUrl(revision.getMetadata().getName(), revision.getMetadata().getNamespace());
        if (deployment == null) {
            lifecycle.markCreating("the Deployment is being created");
            lifecycle.conditions().markUnknown(ConditionTypes.ACTIVE, RevisionLifecycle.DEPLOYING, "the Deployment is being created");
            return status;
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                ? 0 : deployment.getStatus().getReadyReplicas();
        status.desiredReplicas = desired;
        status.actualReplicas = ready;

        String failure = failure(deployment);
        if (failure != null) {
            boolean deadline = failure.startsWith(PROGRESS_DEADLINE_EXCEEDED);
            String reason = deadline ? PROGRESS_DEADLINE_EXCEEDED : RevisionLifecycle.IMAGE_PULL_FAILED;
            String message = failure.substring(failure.indexOf(':') + 1).trim();
            if (deadline) {
                message = ReadinessFailure.message(message, probes(revision).readiness(), unready);
            }
            lifecycle.markFailed(reason, message);
        } else if (isAvailable(deployment) && ready > 0) {
            lifecycle.markReady();
        } else if (desired == 0) {
            lifecycle.markScaledToZero();
        } else {
            lifecycle.markDeploying(ready, desired);
        }
        lifecycle.markActivity(ready, desired, false);
        return status;
    }

    /** The status of a revision in mode Job: ready once its Job template exists. */
    public FunctionRevisionStatus ofJob(FunctionRevision revision, boolean templateExists) {
        FunctionRevisionStatus status = start(revision);
        RevisionLifecycle.of(status, clock).markJobTemplate(templateExists, ChildNames.jobTemplate(revision.getMetadata().getName()));
        return status;
    }

    /** The status when a child of the same name exists and belongs to someone else. */
    public FunctionRevisionStatus notOwned(FunctionRevision revision, String kind, String name) {
        FunctionRevisionStatus status = start(revision);
        RevisionLifecycle.of(status, clock).markNotOwned(revision.getMetadata().getName(), kind, name);
        return status;
    }

    /** The previous status as a base (so transition times survive), stamped with the generation. */
    private static FunctionRevisionStatus start(FunctionRevision revision) {
        FunctionRevisionStatus status = revision.getStatus() == null ? new FunctionRevisionStatus()
                : ApiJson.copy(revision.getStatus(), FunctionRevisionStatus.class);
        status.observedGeneration = revision.getMetadata().getGeneration();
        status.selector = Labels.podSelector(revision.getMetadata().getName());
        status.probes = probes(revision).description();
        if (revision.getSpec().mode == Mode.Job) {
            status.url = null;
        }
        return status;
    }

    /**
     * Whether the Deployment says its replicas did not become available in time: the reconciler then looks for a
     * replica that is not ready and reads its log for the message.
     */
    public static boolean progressDeadlineExceeded(Deployment deployment) {
        return deployment != null && conditions(deployment).stream().anyMatch(c -> "Progressing".equals(c.getType())
                && PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason()));
    }

    /** The probes the revision's replicas get (the template's, else its build's default). */
    public static Probes.Effective probes(FunctionRevision revision) {
        return Probes.of(revision.getSpec().templateOrDefault(), revision.getSpec().defaultProbe);
    }

    private static boolean isAvailable(Deployment deployment) {
        return conditions(deployment).stream().anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** "Reason: message" of the first failure the Deployment reports, or null. */
    private static String failure(Deployment deployment) {
        for (DeploymentCondition c : conditions(deployment)) {
            if ("Progressing".equals(c.getType()) && PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason())) {
                return PROGRESS_DEADLINE_EXCEEDED + ": " + orEmpty(c.getMessage());
            }
        }
        for (DeploymentCondition c : conditions(deployment)) {
            String text = orEmpty(c.getReason()) + " " + orEmpty(c.getMessage());
            if (PULL_FAILURES.stream().anyMatch(text::contains)) {
                return "ImagePullFailed: " + (c.getMessage() == null ? c.getReason() : c.getMessage());
            }
        }
        return null;
    }

    private static List<DeploymentCondition> conditions(Deployment deployment) {
        return deployment.getStatus() == null || deployment.getStatus().getConditions() == null
                ? List.of() : deployment.getStatus().getConditions();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
