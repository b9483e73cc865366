package dev.quiver.controller.resources;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.Mode;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.api.testing.Revisions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CronJobsTest {

    private static final PodSettings PODS = PodSettings.defaults();

    private static final String IMAGE = "registry.local/batch@sha256:" + "a".repeat(64);

    private static Function batch() {
        Function function = Fixtures.withMode(Fixtures.function("team", "batch", IMAGE), Mode.Job);
        function.getMetadata().setUid("uid-batch");
        function.setApiVersion("quiver.dev/v1alpha1");
        function.setKind("Function");
        return function;
    }

    private static FunctionRevision revision(int number) {
        FunctionRevision revision = Revisions.revision("batch", number);
        revision.getSpec().mode = Mode.Job;
        return revision;
    }

    @Test
    void oneCronJobPerScheduleNamedByFunctionAndIndex() {
        Function function = Fixtures.withSchedule(Fixtures.withSchedule(batch(), "*/5 * * * *", null, null),
                "0 9 * * 1-5", "Europe/Paris", "{\"report\":\"daily\"}");

        List<CronJob> cronJobs = CronJobs.of(function, revision(3), PODS);

        assertThat(cronJobs).extracting(c -> c.getMetadata().getName()).containsExactly("batch-schedule-0", "batch-schedule-1");
        assertThat(cronJobs).extracting(c -> c.getSpec().getSchedule()).containsExactly("*/5 * * * *", "0 9 * * 1-5");
        assertThat(cronJobs).extracting(c -> c.getSpec().getTimeZone()).containsExactly("Etc/UTC", "Europe/Paris");
        assertThat(cronJobs).allSatisfy(c -> {
            assertThat(c.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
            assertThat(c.getSpec().getStartingDeadlineSeconds()).isEqualTo(CronJobs.STARTING_DEADLINE_SECONDS);
            assertThat(c.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isZero();
            assertThat(c.getMetadata().getNamespace()).isEqualTo("team");
        });
    }

    @Test
    void theJobRunsTheRevisionsPodInJobModeWithTheSchedulesEvent() {
        Function function = Fixtures.withSchedule(batch(), "0 * * * *", null, "{\"report\":\"hourly\"}");
        FunctionRevision revision = revision(3);
        revision.getSpec().template.timeoutSeconds = 120;

        CronJob cronJob = CronJobs.of(function, revision, PODS).get(0);
        PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(container.getImage()).isEqualTo(revision.getSpec().image);
        assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .contains("QUIVER_REVISION=batch-00003", "QUIVER_MODE=Job", "QUIVER_EVENT={\"report\":\"hourly\"}",
                        "QUIVER_EVENT_SOURCE=quiver/schedule/team/batch/0");
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(cronJob.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds())
                .isEqualTo(120L + PodTemplates.DRAIN_MARGIN_SECONDS);
        assertThat(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Labels.REVISION, "batch-00003").containsEntry(CronJobs.SCHEDULE_LABEL, "0");
    }

    @Test
    void withoutDataTheEventIsAnEmptyObject() {
        CronJob cronJob = CronJobs.of(Fixtures.withSchedule(batch(), "0 * * * *", null, null), revision(1), PODS).get(0);

        assertThat(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("QUIVER_EVENT={}"));
    }

    @Test
    void theFunctionOwnsItsCronJobs() {
        CronJob cronJob = CronJobs.of(Fixtures.withSchedule(batch(), "0 * * * *", null, null), revision(1), PODS).get(0);

        assertThat(cronJob.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Function");
            assertThat(ref.getUid()).isEqualTo("uid-batch");
            assertThat(ref.getController()).isTrue();
        });
        assertThat(cronJob.getMetadata().getLabels()).containsEntry(Labels.FUNCTION, "batch");
    }

    @Test
    void aNewRevisionChangesTheFingerprintAndTheSameRevisionKeepsIt() {
        Function function = Fixtures.withSchedule(batch(), "0 * * * *", null, null);

        String first = Workloads.fingerprintOf(CronJobs.of(function, revision(1), PODS).get(0));

        assertThat(Workloads.fingerprintOf(CronJobs.of(function, revision(1), PODS).get(0))).isEqualTo(first);
        assertThat(Workloads.fingerprintOf(CronJobs.of(function, revision(2), PODS).get(0))).isNotEqualTo(first);
    }

    @Test
    void serviceModeFunctionsAndFunctionsWithoutAReadyRevisionHaveNone() {
        Function service = Fixtures.withSchedule(Fixtures.function("team", "web", IMAGE), "0 * * * *", null, null);
        Function job = Fixtures.withSchedule(batch(), "0 * * * *", null, null);

        assertThat(CronJobs.of(service, revision(1), PODS)).isEmpty();
        assertThat(CronJobs.of(job, null, PODS)).isEmpty();
    }

    @Test
    void longFunctionNamesGiveCronJobNamesKubernetesAccepts() {
        String long63 = "a-very-long-function-name-that-fills-most-of-a-dns-label-abcdef";

        String name = ChildNames.cronJob(long63, 12);

        assertThat(name).hasSizeLessThanOrEqualTo(ChildNames.MAX_CRONJOB_NAME).endsWith("-schedule-12").matches("[a-z0-9-]+")
                .isNotEqualTo(ChildNames.cronJob(long63.replace("abcdef", "abcdeg"), 12));
    }
}
