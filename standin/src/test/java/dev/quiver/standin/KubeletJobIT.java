package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs run to an outcome (completion, failure with the exit code, the active deadline); CronJobs make Jobs. */
class KubeletJobIT extends KubeletFixture {

    @Test
    void jobRunsToCompletion() {
        client.batch().v1().jobs().inNamespace(ns).resource(Manifests.job("ok", Manifests.container(image).withArgs(Manifests.exitWith(0))
                .withReadinessProbe(null).build())).create();

        await().untilAsserted(() -> {
            Job job = client.batch().v1().jobs().inNamespace(ns).withName("ok").get();
            assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
            assertThat(job.getStatus().getCompletionTime()).isNotNull();
            assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Complete");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            Pod pod = client.pods().inNamespace(ns).withLabel("job-name", "ok").list().getItems().get(0);
            assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
            assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
        });
    }

    @Test
    void failingJobIsFailedWithItsExitCode() {
        client.batch().v1().jobs().inNamespace(ns).resource(Manifests.job("bad", Manifests.container(image).withArgs(Manifests.exitWith(3))
                .withReadinessProbe(null).build())).create();

        await().untilAsserted(() -> {
            Job job = client.batch().v1().jobs().inNamespace(ns).withName("bad").get();
            assertThat(job.getStatus().getFailed()).isEqualTo(1);
            assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Failed");
                assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
            });
            Pod pod = client.pods().inNamespace(ns).withLabel("job-name", "bad").list().getItems().get(0);
            assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
            assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(3);
        });
    }

    @Test
    void jobPastItsActiveDeadlineIsFailedAndItsPodStopped() {
        Job job = Manifests.job("late", Manifests.container(image).build());
        job.getSpec().setActiveDeadlineSeconds(2L);
        client.batch().v1().jobs().inNamespace(ns).resource(job).create();
        await().untilAsserted(() -> assertThat(client.pods().inNamespace(ns).list().getItems()).isNotEmpty());

        await().untilAsserted(() -> {
            assertThat(client.batch().v1().jobs().inNamespace(ns).withName("late").get().getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("DeadlineExceeded"));
            assertThat(cluster.kubelet().pods(ns)).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        });
    }

    @Test
    void cronJobMakesAJobAtTheNextMatchingMinute() {
        CronJob cronJob = new CronJobBuilder()
                .withNewMetadata().withName("tick").endMetadata()
                .withNewSpec().withSchedule("* * * * *").withConcurrencyPolicy("Forbid")
                .withNewJobTemplate().withSpec(Manifests.job("unused", Manifests.container(image).withArgs(Manifests.exitWith(0))
                        .withReadinessProbe(null).build()).getSpec()).endJobTemplate()
                .endSpec().build();
        client.batch().v1().cronjobs().inNamespace(ns).resource(cronJob).create();

        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            List<Job> jobs = client.batch().v1().jobs().inNamespace(ns).list().getItems();
            assertThat(jobs).anySatisfy(job -> {
                assertThat(job.getMetadata().getName()).startsWith("tick-");
                assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("CronJob"));
                assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
            });
            assertThat(client.batch().v1().cronjobs().inNamespace(ns).withName("tick").get().getStatus().getLastScheduleTime()).isNotNull();
        });
    }
}
