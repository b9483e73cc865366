package dev.quiver.controller.status;

import dev.quiver.api.BuildStatus;
import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A build Job and its pod, read into BuildSucceeded and status.build. */
class BuildStatusesTest {

    private static final String OLD_IMAGE = "registry.local/team/hello@sha256:" + "1".repeat(64);
    private static final String NEW_IMAGE = "registry.local/team/hello@sha256:" + "2".repeat(64);
    private static final String JOB = "hello-build-abc";

    @Test
    void runningJobIsUnknownBuildingAndKeepsTheOldImage() {
        BuildStatuses.Outcome outcome = BuildStatuses.of(builtBefore(), "new", JOB, job(null, null), List.of());

        assertThat(outcome.condition().status + " " + outcome.condition().reason).isEqualTo("Unknown Building");
        assertThat(outcome.image()).isEqualTo(OLD_IMAGE);
        assertThat(outcome.build().sourceHash).isEqualTo("old");
        assertThat(outcome.build().jobName).isEqualTo(JOB);
    }

    @Test
    void completedJobGivesTheImageByDigestAndTheNewSourceHash() {
        BuildStatuses.Outcome outcome = BuildStatuses.of(builtBefore(), "new", JOB, job("Complete", null),
                List.of(pod(0, 0, NEW_IMAGE + "\n")));

        assertThat(outcome.condition().isTrue()).isTrue();
        assertThat(outcome.condition().message).contains(NEW_IMAGE);
        assertThat(outcome.image()).isEqualTo(NEW_IMAGE);
        assertThat(outcome.build().sourceHash).isEqualTo("new");
    }

    @Test
    void completedJobRecordsTheProbesDefaultTheBuilderChoseAfterTheImage() {
        BuildStatuses.Outcome outcome = BuildStatuses.of(builtBefore(), "new", JOB, job("Complete", null),
                List.of(pod(0, 0, NEW_IMAGE + "\ndefaultProbe=SmallRyeHealth\n")));

        assertThat(outcome.condition().isTrue()).isTrue();
        assertThat(outcome.image()).isEqualTo(NEW_IMAGE);
        assertThat(outcome.build().defaultProbe).isEqualTo(DefaultProbe.SmallRyeHealth);
    }

    @Test
    void aResultWithoutTheProbesDefaultStaysValidAndRecordsNoneNotThePreviousBuilds() {
        Function function = builtBefore();
        function.getStatus().build.defaultProbe = DefaultProbe.QuiverSdk;

        BuildStatuses.Outcome outcome = BuildStatuses.of(function, "new", JOB, job("Complete", null),
                List.of(pod(0, 0, NEW_IMAGE)));

        assertThat(outcome.image()).isEqualTo(NEW_IMAGE);
        assertThat(outcome.build().defaultProbe).as("a builder from before the line: Tcp later").isNull();
    }

    @Test
    void anUnknownProbesDefaultIsIgnoredAndTheImageStillCounts() {
        BuildStatuses.Outcome outcome = BuildStatuses.of(builtBefore(), "new", JOB, job("Complete", null),
                List.of(pod(0, 0, NEW_IMAGE + "\nsomethingNew=1\ndefaultProbe=Grpc")));

        assertThat(outcome.condition().isTrue()).isTrue();
        assertThat(outcome.image()).isEqualTo(NEW_IMAGE);
        assertThat(outcome.build().defaultProbe).isNull();
    }

    @Test
    void aFailedBuildKeepsTheProbesDefaultOfTheImageItKeeps() {
        Function function = builtBefore();
        function.getStatus().build.defaultProbe = DefaultProbe.QuiverSdk;

        BuildStatuses.Outcome outcome = BuildStatuses.of(function, "new", JOB, job("Failed", "BackoffLimitExceeded"),
                List.of(pod(0, 1, "[ERROR] BUILD FAILURE")));

        assertThat(outcome.image()).isEqualTo(OLD_IMAGE);
        assertThat(outcome.build().defaultProbe).isEqualTo(DefaultProbe.QuiverSdk);
    }

    @Test
    void completedJobWithoutDigestIsAnInvalidResult() {
        BuildStatuses.Outcome outcome = BuildStatuses.of(builtBefore(), "new", JOB, job("Complete", null),
                List.of(pod(0, 0, "registry.local/team/hello:latest")));

        assertThat(outcome.condition().status + " " + outcome.condition().reason).isEqualTo("False BuildResultInvalid");
        assertThat(outcome.image()).isEqualTo(OLD_IMAGE);
    }

    @Test
    void failedBuilderReportsTheLastLinesOfItsLogWithoutSecretLines() {
        String log = IntStream.rangeClosed(1, 30).mapToObj(i -> "[INFO] line " + i).collect(Collectors.joining("\n"))
                + "\nAuthorization: Bearer abc\nexport REGISTRY_PASSWORD=hunter2\n[ERROR] BUILD FAILURE";
        BuildStatuses.Outcome outcome = BuildStatuses.of(builtBefore(), "new", JOB, job("Failed", "BackoffLimitExceeded"),
                List.of(pod(0, 1, log)));

        Condition condition = outcome.condition();
        assertThat(condition.status + " " + condition.reason).isEqualTo("False BuildFailed");
        assertThat(condition.message).contains(JOB, "exit code 1", "[ERROR] BUILD FAILURE", "line 30", "2 line(s) hidden")
                .doesNotContain("hunter2", "Bearer", "line 10\n");
        assertThat(outcome.image()).isEqualTo(OLD_IMAGE);
        assertThat(outcome.build().sourceHash).isEqualTo("old");
    }

    @Test
    void failedSourceFetchAndDeadlineHaveTheirOwnReasons() {
        assertThat(BuildStatuses.of(builtBefore(), "new", JOB, job("Failed", "BackoffLimitExceeded"),
                List.of(pod(128, null, "fatal: repository not found"))).condition().reason).isEqualTo(BuildStatuses.SOURCE_FETCH_FAILED);
        assertThat(BuildStatuses.of(builtBefore(), "new", JOB, job("Failed", "DeadlineExceeded"), List.of()).condition().reason)
                .isEqualTo(BuildStatuses.BUILD_TIMED_OUT);
    }

    @Test
    void failureIsRememberedForItsJobOnlyAndIsBuiltMatchesOnlyTheBuiltHash() {
        Function function = builtBefore();
        function.getStatus().build.jobName = JOB;
        function.getStatus().conditions.add(Condition.of(ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE, BuildStatuses.BUILD_FAILED, "x"));

        assertThat(BuildStatuses.hasFailed(function, JOB)).isTrue();
        assertThat(BuildStatuses.hasFailed(function, "hello-build-other")).isFalse();
        assertThat(BuildStatuses.of(function, "new", JOB, null, List.of()).condition().reason).isEqualTo(BuildStatuses.BUILD_FAILED);
        assertThat(BuildStatuses.isBuilt(function, "old")).isTrue();
        assertThat(BuildStatuses.isBuilt(function, "new")).isFalse();
        assertThat(BuildStatuses.built(function).condition().message).contains(OLD_IMAGE);
    }

    @Test
    void firstBuildHasNoImageUntilItSucceeds() {
        Function function = Fixtures.built("team", "hello", "https://git.example.com/x.git", "v1");

        BuildStatuses.Outcome outcome = BuildStatuses.of(function, "new", JOB, null, List.of());
        assertThat(outcome.image()).isNull();
        assertThat(outcome.condition().status).isEqualTo(Condition.UNKNOWN);
        assertThat(BuildStatuses.hasFailed(function, JOB)).isFalse();
    }

    private static Function builtBefore() {
        Function function = Fixtures.built("team", "hello", "https://git.example.com/x.git", "v2");
        function.setStatus(new FunctionStatus());
        function.getStatus().build = new BuildStatus();
        function.getStatus().build.image = OLD_IMAGE;
        function.getStatus().build.sourceHash = "old";
        function.getStatus().build.jobName = "hello-build-old";
        return function;
    }

    private static Job job(String condition, String reason) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName(JOB).endMetadata();
        if (condition != null) {
            job.withNewStatus().addNewCondition().withType(condition).withStatus("True").withReason(reason).endCondition().endStatus();
        }
        return job.build();
    }

    /** A pod whose source step exited with {@code sourceExit}; the builder, if it ran, with {@code buildExit} and the message. */
    private static Pod pod(int sourceExit, Integer buildExit, String message) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(JOB + "-x").endMetadata().withNewStatus()
                .addToInitContainerStatuses(new ContainerStatusBuilder().withName(ChildNames.SOURCE_CONTAINER).withNewState().withNewTerminated()
                        .withExitCode(sourceExit).withMessage(buildExit == null ? message : null).endTerminated().endState().build())
                .endStatus();
        if (buildExit != null) {
            pod.editStatus().addToContainerStatuses(new ContainerStatusBuilder().withName(ChildNames.BUILD_CONTAINER).withNewState()
                    .withNewTerminated().withExitCode(buildExit).withMessage(message).endTerminated().endState().build()).endStatus();
        }
        return pod.build();
    }
}
