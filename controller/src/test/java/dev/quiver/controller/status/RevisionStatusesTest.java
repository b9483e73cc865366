package dev.quiver.controller.status;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.testing.Revisions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionStatusesTest {

    private final RevisionStatuses statuses = new RevisionStatuses(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static Deployment deployment(int replicas, int ready, String type, String status, String reason) {
        return new DeploymentBuilder().withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReadyReplicas(ready)
                .addNewCondition().withType(type).withStatus(status).withReason(reason).withMessage(reason + " happened").endCondition()
                .endStatus().build();
    }

    @Test
    void availableDeploymentMakesRevisionReadyAndActive() {
        FunctionRevisionStatus status = statuses.ofService(Revisions.revision("hello", 1), deployment(2, 2, "Available", "True", "MinimumReplicasAvailable"));

        assertThat(status.isTrue(ConditionTypes.READY)).isTrue();
        assertThat(status.isTrue(ConditionTypes.ACTIVE)).isTrue();
        assertThat(status.actualReplicas).isEqualTo(2);
        assertThat(status.desiredReplicas).isEqualTo(2);
        assertThat(status.selector).isEqualTo("quiver.dev/revision=hello-00001");
    }

    @Test
    void progressDeadlineExceededFailsContainerHealthy() {
        FunctionRevisionStatus status = statuses.ofService(Revisions.revision("hello", 1),
                deployment(1, 0, "Progressing", "False", "ProgressDeadlineExceeded"));

        assertThat(status.condition(ConditionTypes.CONTAINER_HEALTHY).reason).isEqualTo("ProgressDeadlineExceeded");
        assertThat(status.condition(ConditionTypes.READY).isFalse()).isTrue();
    }

    @Test
    void aRevisionWhoseReplicasNeverBecameReadyFailsNamingTheProbeAndShowingAReplicasLog() {
        FunctionRevision revision = Revisions.revision("hello", 1);
        revision.getSpec().defaultProbe = DefaultProbe.SmallRyeHealth;

        FunctionRevisionStatus status = statuses.ofService(revision,
                deployment(1, 0, "Progressing", "False", "ProgressDeadlineExceeded"),
                new ReadinessFailure.UnreadyPod("hello-00001-7d9-x2", "running, not ready", "Listening on 8080\n"));

        assertThat(status.condition(ConditionTypes.READY).isFalse()).isTrue();
        assertThat(status.condition(ConditionTypes.CONTAINER_HEALTHY).reason).isEqualTo("ProgressDeadlineExceeded");
        assertThat(status.condition(ConditionTypes.CONTAINER_HEALTHY).message)
                .contains("GET /q/health/ready", "hello-00001-7d9-x2", "Listening on 8080");
    }

    @Test
    void theStatusSaysWhichProbesTheReplicasGetAndWhy() {
        FunctionRevision revision = Revisions.revision("hello", 1);
        revision.getSpec().defaultProbe = DefaultProbe.SmallRyeHealth;

        assertThat(statuses.ofService(revision, null).probes).isEqualTo("readiness GET /q/health/ready, liveness GET "
                + "/q/health/live (default: the app has SmallRye Health)");
        assertThat(statuses.ofService(Revisions.revision("hello", 2), null).probes).isEqualTo("readiness TCP connect to "
                + "$PORT, liveness TCP connect to $PORT (default: the app serves no known health endpoint)");
    }

    @Test
    void imagePullBackOffFailsContainerHealthy() {
        FunctionRevisionStatus status = statuses.ofService(Revisions.revision("hello", 1),
                deployment(1, 0, "ReplicaFailure", "True", "ImagePullBackOff"));

        assertThat(status.condition(ConditionTypes.CONTAINER_HEALTHY).reason).isEqualTo("ImagePullFailed");
    }

    @Test
    void scaledToZeroRevisionStaysReadyButInactive() {
        var revision = Revisions.revision("hello", 1);
        revision.setStatus(statuses.ofService(revision, deployment(1, 1, "Available", "True", "MinimumReplicasAvailable")));

        FunctionRevisionStatus status = statuses.ofService(revision, deployment(0, 0, "Available", "True", "MinimumReplicasAvailable"));

        assertThat(status.isTrue(ConditionTypes.READY)).isTrue();
        assertThat(status.condition(ConditionTypes.ACTIVE).reason).isEqualTo("ScaledToZero");
    }

    @Test
    void unchangedInputsGiveAnEqualStatus() {
        var revision = Revisions.revision("hello", 1);
        Deployment available = deployment(1, 1, "Available", "True", "MinimumReplicasAvailable");
        revision.setStatus(statuses.ofService(revision, available));

        RevisionStatuses later = new RevisionStatuses(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

        assertThat(later.ofService(revision, available)).isEqualTo(revision.getStatus());
    }
}
