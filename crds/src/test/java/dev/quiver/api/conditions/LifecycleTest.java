package dev.quiver.api.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Condition;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.TrafficResolution;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifecycle helpers mark what both planes report for a revision and a Function in each state. */
class LifecycleTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void aDeployingRevisionIsNotReadyYetAndSaysHowManyReplicasAre() {
        FunctionRevisionStatus status = new FunctionRevisionStatus();

        RevisionLifecycle.of(status, clock).markDeploying(0, 2);

        assertThat(status.condition(ConditionTypes.READY)).returns(Condition.UNKNOWN, c -> c.status)
                .returns(RevisionLifecycle.DEPLOYING, c -> c.reason).returns("0 of 2 replicas are ready", c -> c.message);
        assertThat(status.condition(ConditionTypes.CONTAINER_HEALTHY).status).isEqualTo(Condition.UNKNOWN);
    }

    @Test
    void aScaleUpOfAHealthyRevisionKeepsItsHealth() {
        FunctionRevisionStatus status = new FunctionRevisionStatus();
        RevisionLifecycle lifecycle = RevisionLifecycle.of(status, clock).markReady();

        lifecycle.markDeploying(1, 3);

        assertThat(status.isTrue(ConditionTypes.CONTAINER_HEALTHY)).isTrue();
        assertThat(status.condition(ConditionTypes.READY).status).isEqualTo(Condition.UNKNOWN);
    }

    @Test
    void aFailedRevisionIsNotReadyWithItsReason() {
        FunctionRevisionStatus status = new FunctionRevisionStatus();
        RevisionLifecycle.of(status, clock).markDeploying(0, 1).markFailed(RevisionLifecycle.READINESS_FAILED, "exited 1");

        assertThat(status.condition(ConditionTypes.READY)).returns(Condition.FALSE, c -> c.status)
                .returns(RevisionLifecycle.READINESS_FAILED, c -> c.reason).returns("exited 1", c -> c.message);
        assertThat(status.condition(ConditionTypes.RESOURCES_AVAILABLE).isFalse()).isTrue();
    }

    @Test
    void activityIsInformativeAndNamesAFrozenReplica() {
        FunctionRevisionStatus status = new FunctionRevisionStatus();
        RevisionLifecycle lifecycle = RevisionLifecycle.of(status, clock).markReady();

        lifecycle.markActivity(0, 0, true);

        assertThat(status.condition(ConditionTypes.ACTIVE)).returns(Condition.FALSE, c -> c.status)
                .returns(RevisionLifecycle.SCALED_TO_ZERO, c -> c.reason).returns(RevisionLifecycle.FROZEN_MESSAGE, c -> c.message);
        assertThat(status.isTrue(ConditionTypes.READY)).isTrue();
        lifecycle.markActivity(0, 1, false);
        assertThat(status.condition(ConditionTypes.ACTIVE).reason).isEqualTo(RevisionLifecycle.ACTIVATING);
    }

    @Test
    void latestRevisionReadyFollowsTheLatestRevisionAndSaysWhereTrafficStays() {
        FunctionStatus status = new FunctionStatus();
        FunctionRevision latest = Functions.revision("hello", 2);
        RevisionLifecycle.of(latest.getStatus(), clock).markDeploying(0, 1);
        FunctionLifecycle lifecycle = FunctionLifecycle.of(status, clock);

        lifecycle.markLatestRevision(latest, "hello-00001");
        assertThat(status.condition(ConditionTypes.LATEST_REVISION_READY))
                .returns(FunctionLifecycle.REVISION_DEPLOYING, c -> c.reason)
                .returns("revision hello-00002 is not ready yet (Deploying: 0 of 1 replicas are ready); traffic stays on hello-00001",
                        c -> c.message);

        RevisionLifecycle.of(latest.getStatus(), clock).markFailed(RevisionLifecycle.READINESS_FAILED, "exited 1");
        lifecycle.markLatestRevision(latest, "hello-00001");
        assertThat(status.condition(ConditionTypes.LATEST_REVISION_READY)).returns(Condition.FALSE, c -> c.status)
                .returns(FunctionLifecycle.REVISION_FAILED, c -> c.reason);

        lifecycle.markLatestRevision(null, null);
        assertThat(status.condition(ConditionTypes.LATEST_REVISION_READY).reason).isEqualTo(FunctionLifecycle.REVISION_MISSING);
    }

    @Test
    void completeRoutesBecomeTheServedTrafficAndIncompleteOnesKeepIt() {
        FunctionStatus status = new FunctionStatus();
        TrafficTarget served = new TrafficTarget();
        served.revisionName = "hello-00001";
        served.percent = 100;
        FunctionLifecycle lifecycle = FunctionLifecycle.of(status, clock);

        assertThat(lifecycle.markRoutes(new TrafficResolution(List.of(served), List.of()))).isTrue();
        assertThat(status.traffic).containsExactly(served);

        boolean complete = lifecycle.markRoutes(new TrafficResolution(List.of(), List.of(
                new TrafficResolution.Problem("RevisionNotReady", "hello-00002 is not ready", true),
                new TrafficResolution.Problem("RevisionMissing", "hello-00009 does not exist", false))));

        assertThat(complete).isFalse();
        assertThat(status.traffic).containsExactly(served);
        assertThat(status.condition(ConditionTypes.ROUTES_READY)).returns(Condition.FALSE, c -> c.status)
                .returns("RevisionMissing", c -> c.reason)
                .returns("hello-00002 is not ready; hello-00009 does not exist", c -> c.message);
    }
}
