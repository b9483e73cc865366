package dev.quiver.api.conditions;

import static dev.quiver.api.conditions.ConditionTypes.BUILD_SUCCEEDED;
import static dev.quiver.api.conditions.ConditionTypes.CONTAINER_HEALTHY;
import static dev.quiver.api.conditions.ConditionTypes.LATEST_REVISION_READY;
import static dev.quiver.api.conditions.ConditionTypes.READY;
import static dev.quiver.api.conditions.ConditionTypes.RESOURCES_AVAILABLE;
import static dev.quiver.api.conditions.ConditionTypes.ROUTES_READY;
import static dev.quiver.api.conditions.ConditionTypes.TRIGGERS_READY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.testing.MutableClock;
import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Conditions move their transition time only on change, and Ready summarises the dependents. */
class ConditionSetTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final FunctionStatus status = new FunctionStatus();
    private final ConditionSet.Manager conditions = ConditionSet.FUNCTION.manage(status, clock);

    @Test
    void markingTheSameStateAgainKeepsTheTransitionTime() {
        conditions.markFalse(ROUTES_READY, "RevisionMissing", "hello-00009 does not exist");
        clock.advance(Duration.ofMinutes(5));

        conditions.markFalse(ROUTES_READY, "RevisionMissing", "hello-00009 does not exist");

        assertThat(status.condition(ROUTES_READY).lastTransitionTime).isEqualTo(START.toString());
        assertThat(status.condition(READY).lastTransitionTime).isEqualTo(START.toString());
    }

    @Test
    void changedStatusReasonOrMessageMovesTheTransitionTime() {
        conditions.markFalse(ROUTES_READY, "RevisionMissing", "hello-00009 does not exist");

        clock.advance(Duration.ofMinutes(1));
        conditions.markFalse(ROUTES_READY, "RevisionMissing", "hello-00008 does not exist");
        assertThat(status.condition(ROUTES_READY).lastTransitionTime).isEqualTo(START.plusSeconds(60).toString());

        clock.advance(Duration.ofMinutes(1));
        conditions.markFalse(ROUTES_READY, "RevisionNotReady", "hello-00008 does not exist");
        assertThat(status.condition(ROUTES_READY).lastTransitionTime).isEqualTo(START.plusSeconds(120).toString());

        clock.advance(Duration.ofMinutes(1));
        conditions.markTrue(ROUTES_READY);
        assertThat(status.condition(ROUTES_READY).lastTransitionTime).isEqualTo(START.plusSeconds(180).toString());
    }

    @Test
    void transitionTimesAreWholeSecondsInUtc() {
        clock.advance(Duration.ofMillis(1500));

        conditions.markTrue(ROUTES_READY);

        assertThat(status.condition(ROUTES_READY).lastTransitionTime).isEqualTo("2025-03-01T12:00:01Z");
    }

    @Test
    void readyIsTrueWhenEveryRequiredDependentIsTrueAndBuildIsOptional() {
        conditions.markTrue(LATEST_REVISION_READY).markTrue(ROUTES_READY).markTrue(TRIGGERS_READY);

        assertThat(status.condition(READY).status).isEqualTo(Condition.TRUE);
        assertThat(status.condition(BUILD_SUCCEEDED)).isNull();
    }

    @Test
    void readyIsUnknownWhileADependentIsMissing() {
        conditions.markTrue(LATEST_REVISION_READY).markTrue(ROUTES_READY);

        assertThat(status.condition(READY)).returns(Condition.UNKNOWN, c -> c.status).returns("Pending", c -> c.reason)
                .returns("TriggersReady is not reported yet", c -> c.message);
    }

    @Test
    void readyIsUnknownWithThePendingDependentsReason() {
        conditions.markTrue(ROUTES_READY).markTrue(TRIGGERS_READY)
                .markUnknown(LATEST_REVISION_READY, "RevisionDeploying", "hello-00002 is starting");

        assertThat(status.condition(READY)).returns(Condition.UNKNOWN, c -> c.status)
                .returns("RevisionDeploying", c -> c.reason).returns("hello-00002 is starting", c -> c.message);
    }

    @Test
    void readyIsFalseWithTheFirstFalseDependentsReasonEvenWhenOthersArePending() {
        conditions.markUnknown(LATEST_REVISION_READY, "RevisionDeploying", "hello-00002 is starting")
                .markFalse(TRIGGERS_READY, "StreamMissing", "stream LINKS does not exist")
                .markFalse(ROUTES_READY, "RevisionMissing", "hello-00009 does not exist");

        assertThat(status.condition(READY)).returns(Condition.FALSE, c -> c.status)
                .returns("RevisionMissing", c -> c.reason).returns("hello-00009 does not exist", c -> c.message);
    }

    @Test
    void failedBuildExplainsReadyBeforeAnyOtherFailure() {
        conditions.markFalse(LATEST_REVISION_READY, "RevisionFailed", "no image")
                .markFalse(BUILD_SUCCEEDED, "BuildFailed", "mvn package failed: see the build Job's log");

        assertThat(status.condition(READY)).returns(Condition.FALSE, c -> c.status).returns("BuildFailed", c -> c.reason);
    }

    @Test
    void clearingTheBuildConditionRecomputesReady() {
        conditions.markTrue(LATEST_REVISION_READY).markTrue(ROUTES_READY).markTrue(TRIGGERS_READY)
                .markFalse(BUILD_SUCCEEDED, "BuildFailed", "failed");

        conditions.clear(BUILD_SUCCEEDED);

        assertThat(status.condition(READY).status).isEqualTo(Condition.TRUE);
    }

    @Test
    void markNotReadySetsReadyFalseDirectly() {
        conditions.markTrue(LATEST_REVISION_READY).markTrue(ROUTES_READY).markTrue(TRIGGERS_READY);
        clock.advance(Duration.ofSeconds(10));

        conditions.markNotReady("InvalidSpec", "spec.traffic: the percents add up to 95; they must add up to 100");

        assertThat(status.condition(READY)).returns(Condition.FALSE, c -> c.status).returns("InvalidSpec", c -> c.reason)
                .returns(START.plusSeconds(10).toString(), c -> c.lastTransitionTime);
        assertThat(status.condition(ROUTES_READY).status).isEqualTo(Condition.TRUE);
    }

    @Test
    void conditionsAreKeptSortedByTypeSoEqualStatusesSerialiseEqually() {
        conditions.markTrue(TRIGGERS_READY).markTrue(LATEST_REVISION_READY).markTrue(ROUTES_READY);

        assertThat(status.conditions).extracting(c -> c.type)
                .containsExactly(LATEST_REVISION_READY, READY, ROUTES_READY, TRIGGERS_READY);
    }

    @Test
    void revisionReadyNeedsResourcesAndHealthyContainers() {
        FunctionRevisionStatus revision = new FunctionRevisionStatus();
        ConditionSet.Manager manager = ConditionSet.REVISION.manage(revision, clock);

        manager.markTrue(RESOURCES_AVAILABLE);
        assertThat(revision.condition(READY).status).isEqualTo(Condition.UNKNOWN);

        manager.markTrue(CONTAINER_HEALTHY);
        assertThat(revision.condition(READY).status).isEqualTo(Condition.TRUE);

        manager.markFalse(CONTAINER_HEALTHY, "ReadinessProbeFailed", "GET /health/ready answered 503");
        assertThat(revision.condition(READY)).returns(Condition.FALSE, c -> c.status).returns("ReadinessProbeFailed", c -> c.reason);
    }

    @Test
    void activeIsInformativeAndDoesNotAffectReady() {
        FunctionRevisionStatus revision = new FunctionRevisionStatus();
        ConditionSet.REVISION.manage(revision, clock).markTrue(RESOURCES_AVAILABLE).markTrue(CONTAINER_HEALTHY)
                .markFalse(ConditionTypes.ACTIVE, "NoTraffic", "scaled to zero");

        assertThat(revision.condition(READY).status).isEqualTo(Condition.TRUE);
    }
}
