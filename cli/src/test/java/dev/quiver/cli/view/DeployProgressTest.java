package dev.quiver.cli.view;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.cli.view.DeployProgress.Phase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.quiver.api.testing.Fixtures.failed;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.ready;
import static dev.quiver.api.testing.Fixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;

class DeployProgressTest {

    @Test
    void waitsUntilTheControllerHasObservedTheAppliedGeneration() {
        Function function = created("hello-00001", 1L);

        DeployProgress.Step step = new DeployProgress(2L).observe(function, List.of(revision("hello", 1, ready(1))));

        assertThat(step.phase()).as("the ready revision is the one before the change").isEqualTo(Phase.WAITING);
    }

    @Test
    void followsTheLatestCreatedRevisionToReady() {
        DeployProgress progress = new DeployProgress(2L);
        Function function = created("hello-00002", 2L);
        function.getStatus().url = "http://gw/fn/hello";
        FunctionRevision starting = revision("hello", 2, r -> r.getStatus().conditions.add(
                Condition.of(ConditionTypes.READY, Condition.UNKNOWN, "Deploying", "0 of 1 replicas available")));

        assertThat(progress.update(function, List.of(revision("hello", 1, ready(1)), starting)))
                .isEqualTo("hello-00002 starting: Deploying - 0 of 1 replicas available");
        assertThat(progress.update(function, List.of(revision("hello", 1, ready(1)), starting))).as("no change").isNull();
        assertThat(progress.update(function, List.of(revision("hello", 2, ready(1)))))
                .isEqualTo("hello-00002 is ready at http://gw/fn/hello");
        assertThat(progress.last().phase()).isEqualTo(Phase.READY);
    }

    @Test
    void aFailedRevisionEndsTheDeployWithItsReason() {
        DeployProgress.Step step = new DeployProgress(2L).observe(created("hello-00002", 2L),
                List.of(revision("hello", 2, failed("ImagePullFailed", "no such image"))));

        assertThat(step.phase()).isEqualTo(Phase.FAILED);
        assertThat(step.text()).isEqualTo("hello-00002 failed: ImagePullFailed - no such image");
    }

    @Test
    void aFailedBuildOrARefusedSpecEndsTheDeploy() {
        Function build = created(null, 1L);
        build.getStatus().conditions.add(Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE, "BuildFailed", "mvn failed"));
        Function invalid = created(null, 1L);
        invalid.getStatus().conditions.add(Condition.of(ConditionTypes.READY, Condition.FALSE, "InvalidSpec", "traffic sums to 60"));

        assertThat(new DeployProgress(1L).observe(build, List.of()).text()).isEqualTo("build failed: BuildFailed - mvn failed");
        assertThat(new DeployProgress(1L).observe(invalid, List.of()).text()).isEqualTo("no revision: InvalidSpec - traffic sums to 60");
    }

    private static Function created(String revision, Long observed) {
        Function function = function("hello");
        function.getStatus().observedGeneration = observed;
        function.getStatus().latestCreatedRevisionName = revision;
        return function;
    }
}
