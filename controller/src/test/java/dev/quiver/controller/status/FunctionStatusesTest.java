package dev.quiver.controller.status;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.validation.Problem;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.api.testing.Revisions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionStatusesTest {

    private final FunctionStatuses statuses = new FunctionStatuses(Clock.systemUTC(), "http://gw.example/");

    private static Function function() {
        Function function = Fixtures.function("team", "hello", "registry.local/hello:1");
        function.getMetadata().setGeneration(3L);
        return function;
    }

    @Test
    void trafficFollowsLatestReadyRevision() {
        FunctionStatus status = statuses.of(function(), List.of(
                Revisions.withReady(Revisions.revision("hello", 1), "True", null, null),
                Revisions.withReady(Revisions.revision("hello", 2), "True", null, null)), null);

        assertThat(status.traffic).extracting(t -> t.revisionName + ":" + t.percent).containsExactly("hello-00002:100");
        assertThat(status.url).as("the URL names the namespace").isEqualTo("http://gw.example/fn/team/hello");
        assertThat(status.observedGeneration).isEqualTo(3L);
        assertThat(status.isTrue(ConditionTypes.READY)).isTrue();
    }

    @Test
    void failedLatestRevisionExplainsWhereTrafficStays() {
        FunctionStatus status = statuses.of(function(), List.of(
                Revisions.withReady(Revisions.revision("hello", 1), "True", null, null),
                Revisions.withReady(Revisions.revision("hello", 2), "False", "ImagePullFailed", "Back-off pulling image")), null);

        assertThat(status.latestCreatedRevisionName).isEqualTo("hello-00002");
        assertThat(status.latestReadyRevisionName).isEqualTo("hello-00001");
        assertThat(status.condition(ConditionTypes.READY).reason).isEqualTo("RevisionFailed");
        assertThat(status.condition(ConditionTypes.READY).message).contains("ImagePullFailed", "traffic stays on hello-00001");
    }

    @Test
    void unresolvableTrafficKeepsPreviouslyServedTraffic() {
        Function function = function();
        List<FunctionRevision> revisions = List.of(Revisions.withReady(Revisions.revision("hello", 1), "True", null, null));
        function.setStatus(statuses.of(function, revisions, null));
        function.getSpec().traffic = new ArrayList<>(List.of(TrafficTarget.revision("hello-00007", 100)));

        FunctionStatus status = statuses.of(function, revisions, null);

        assertThat(status.traffic).extracting(t -> t.revisionName).containsExactly("hello-00001");
        assertThat(status.condition(ConditionTypes.ROUTES_READY).reason).isEqualTo("RevisionMissing");
    }

    @Test
    void invalidFunctionIsNotReadyWithEveryProblem() {
        FunctionStatus status = statuses.invalid(function(), List.of(new Problem("spec.image", "is bad"), new Problem("spec.traffic", "sums to 40")));

        assertThat(status.condition(ConditionTypes.READY).reason).isEqualTo("InvalidSpec");
        assertThat(status.condition(ConditionTypes.READY).message).isEqualTo("spec.image: is bad; spec.traffic: sums to 40");
    }

    @Test
    void retentionDeletesOldestIdleRevisionsBeyondTheCount() {
        Function function = function();
        List<FunctionRevision> revisions = new ArrayList<>();
        revisions.add(Revisions.withReady(Revisions.revision("hello", 1), "True", null, null));
        for (int i = 2; i <= 6; i++) {
            revisions.add(Revisions.revision("hello", i));
        }
        FunctionStatus status = statuses.of(function, revisions, null);

        assertThat(RevisionRetention.toDelete(function, revisions, status, 2)).extracting(r -> r.getMetadata().getName())
                .containsExactly("hello-00002", "hello-00003");
        assertThat(RevisionRetention.toDelete(function, revisions, status, 5)).isEmpty();
    }
}
