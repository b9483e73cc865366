package dev.quiver.cli.view;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.quiver.api.testing.Fixtures.failed;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static dev.quiver.api.testing.Fixtures.ready;
import static dev.quiver.api.testing.Fixtures.revision;
import static dev.quiver.api.testing.Fixtures.serving;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollbackPlanTest {

    private static final List<FunctionRevision> REVISIONS = List.of(
            revision("hello", 1, ready(0)),
            revision("hello", 2, failed("ContainerUnhealthy", "readiness probe failed")),
            revision("hello", 3, ready(1)),
            revision("hello", 4, ready(1)));

    private static final Function SERVING_3_AND_4 = function("hello", readyOn("hello-00004"),
            serving(TrafficTarget.revision("hello-00003", 50), TrafficTarget.revision("hello-00004", 50)));

    @Test
    void defaultTargetIsTheNewestReadyRevisionOlderThanTheNewestServing() {
        RollbackPlan plan = RollbackPlan.of(SERVING_3_AND_4, REVISIONS, null);

        assertThat(plan.serving()).isEqualTo("hello-00004");
        assertThat(plan.target()).isEqualTo("hello-00003");
        assertThat(plan.traffic()).containsExactly(TrafficTarget.revision("hello-00003", 100));
    }

    @Test
    void defaultSkipsRevisionsThatAreNotReady() {
        Function serving3 = function("hello", readyOn("hello-00004"), serving(TrafficTarget.revision("hello-00003", 100)));

        assertThat(RollbackPlan.of(serving3, REVISIONS, null).target()).isEqualTo("hello-00001");
    }

    @Test
    void withoutServedTrafficTheLatestReadyRevisionIsTheOneServing() {
        assertThat(RollbackPlan.of(function("hello", readyOn("hello-00004")), REVISIONS, null).target())
                .isEqualTo("hello-00003");
    }

    @Test
    void nothingOlderToRollBackToIsAnError() {
        Function serving1 = function("hello", readyOn("hello-00001"), serving(TrafficTarget.revision("hello-00001", 100)));

        assertThatThrownBy(() -> RollbackPlan.of(serving1, REVISIONS, null))
                .hasMessage("no ready revision of hello is older than hello-00001, so there is nothing to roll back to");
    }

    @Test
    void explicitRevisionByNumberIsUsed() {
        assertThat(RollbackPlan.of(SERVING_3_AND_4, REVISIONS, "1").target()).isEqualTo("hello-00001");
    }

    @Test
    void explicitRevisionThatDoesNotExistListsTheRevisions() {
        assertThatThrownBy(() -> RollbackPlan.of(SERVING_3_AND_4, REVISIONS, "hello-00009"))
                .hasMessage("hello has no revision hello-00009 (its revisions: hello-00004, hello-00003, hello-00002, hello-00001)");
    }

    @Test
    void explicitRevisionThatIsNotReadyIsRefusedWithItsReason() {
        assertThatThrownBy(() -> RollbackPlan.of(SERVING_3_AND_4, REVISIONS, "2"))
                .hasMessageStartingWith("hello-00002 is not ready (ContainerUnhealthy: readiness probe failed)");
    }
}
