package dev.quiver.controller.status;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransitionsTest {

    @Test
    void equalStatusesAreWorthNoEvent() {
        FunctionStatus status = function("hello-00001", Condition.TRUE, null);
        status.traffic.add(TrafficTarget.revision("hello-00001", 100));

        FunctionStatus same = function("hello-00001", Condition.TRUE, null);
        same.traffic.add(TrafficTarget.revision("hello-00001", 100));
        assertThat(Transitions.ofFunction(status, same)).isEmpty();
        assertThat(Transitions.ofRevision(revision(Condition.TRUE, null, "1 ready"), revision(Condition.TRUE, null, "1 ready")))
                .isEmpty();
    }

    @Test
    void newRevisionAndNewSplitAreReported() {
        FunctionStatus before = function("hello-00001", Condition.TRUE, null);
        before.traffic.add(TrafficTarget.revision("hello-00001", 100));
        FunctionStatus after = function("hello-00002", Condition.TRUE, null);
        after.traffic.add(TrafficTarget.revision("hello-00002", 100));

        assertThat(Transitions.ofFunction(before, after)).containsExactly(
                ControllerEvent.normal("RevisionCreated", "created revision hello-00002"),
                ControllerEvent.normal("TrafficShifted", "traffic now hello-00002=100%"));
    }

    @Test
    void invalidSpecAndBuildOutcomesAreReported() {
        FunctionStatus invalid = function(null, Condition.FALSE, "InvalidSpec");
        invalid.condition(ConditionTypes.READY).message = "spec.traffic: percents sum to 40";
        FunctionStatus built = function(null, Condition.UNKNOWN, "RevisionMissing");
        built.conditions.add(Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE, "BuildFailed", "mvn failed"));

        assertThat(Transitions.ofFunction(null, invalid))
                .containsExactly(ControllerEvent.warning("InvalidSpec", "spec.traffic: percents sum to 40"));
        assertThat(Transitions.ofFunction(null, built)).containsExactly(ControllerEvent.warning("BuildFailed", "mvn failed"));
    }

    @Test
    void revisionReadyOrFailedOnceNotOnEveryProgressMessage() {
        FunctionRevisionStatus starting = revision(Condition.UNKNOWN, "Deploying", "0 of 1 available");
        FunctionRevisionStatus stillStarting = revision(Condition.UNKNOWN, "Deploying", "0 of 2 available");
        FunctionRevisionStatus ready = revision(Condition.TRUE, null, null);
        ready.actualReplicas = 2;
        FunctionRevisionStatus failed = revision(Condition.FALSE, "ProgressDeadlineExceeded", "never ready");

        assertThat(Transitions.ofRevision(null, starting)).isEmpty();
        assertThat(Transitions.ofRevision(starting, stillStarting)).isEmpty();
        assertThat(Transitions.ofRevision(stillStarting, ready))
                .containsExactly(ControllerEvent.normal("RevisionReady", "ready with 2 replicas"));
        assertThat(Transitions.ofRevision(ready, failed))
                .containsExactly(ControllerEvent.warning("RevisionFailed", "ProgressDeadlineExceeded: never ready"));
        assertThat(Transitions.ofRevision(failed, revision(Condition.FALSE, "ProgressDeadlineExceeded", "still not")))
                .isEmpty();
    }

    private static FunctionStatus function(String latestCreated, String ready, String reason) {
        FunctionStatus status = new FunctionStatus();
        status.latestCreatedRevisionName = latestCreated;
        status.conditions.add(Condition.of(ConditionTypes.READY, ready, reason, null));
        return status;
    }

    private static FunctionRevisionStatus revision(String ready, String reason, String message) {
        FunctionRevisionStatus status = new FunctionRevisionStatus();
        status.conditions.add(Condition.of(ConditionTypes.READY, ready, reason, message));
        return status;
    }
}
