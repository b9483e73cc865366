package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.Mode;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/** Schedules of Job-mode functions become CronJobs of the latest ready revision, kept in step with the spec. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ScheduleMockApiTest extends MockApiTest {

    private static final String IMAGE_V1 = "registry.local/batch@sha256:" + "1".repeat(64);
    private static final String IMAGE_V2 = "registry.local/batch@sha256:" + "2".repeat(64);
    private static final long QUIET_MILLIS = 3000;

    @KubernetesTestServer
    KubernetesServer server;

    private MockApi api;

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void mockApiInTheTestsNamespace() {
        api = new MockApi(client(), namespace);
    }

    private CronJob cronJob(String name) {
        return api.client.batch().v1().cronjobs().inNamespace(api.namespace).withName(name).get();
    }

    private static String image(CronJob cronJob) {
        return cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Test
    void jobModeSchedulesBecomeCronJobsThatFollowTheLatestReadyRevision() {
        api.create(Fixtures.withSchedule(Fixtures.withSchedule(Fixtures.withMode(Fixtures.function(api.namespace, "batch", IMAGE_V1),
                Mode.Job), "*/5 * * * *", null, null), "0 9 * * *", "Europe/Paris", "{\"a\":1}"));

        awaitCondition(() -> cronJob("batch-schedule-0") != null && cronJob("batch-schedule-1") != null);
        assertThat(image(cronJob("batch-schedule-0"))).isEqualTo(IMAGE_V1);
        assertThat(cronJob("batch-schedule-1").getSpec().getTimeZone()).isEqualTo("Europe/Paris");
        assertThat(cronJob("batch-schedule-0").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(api.function("batch").getMetadata().getUid()));

        api.edit("batch", f -> {
            f.getSpec().image = IMAGE_V2;
            return f;
        });
        awaitCondition(() -> IMAGE_V2.equals(image(cronJob("batch-schedule-0"))) && IMAGE_V2.equals(image(cronJob("batch-schedule-1"))));
        assertThat(cronJob("batch-schedule-0").getMetadata().getLabels()).containsEntry("quiver.dev/revision", "batch-00002");
    }

    @Test
    void aRemovedScheduleAndAChangeToServiceModeDeleteTheCronJobs() {
        api.create(Fixtures.withSchedule(Fixtures.withSchedule(Fixtures.withMode(Fixtures.function(api.namespace, "batch", IMAGE_V1),
                Mode.Job), "*/5 * * * *", null, null), "0 9 * * *", null, null));
        awaitCondition(() -> cronJob("batch-schedule-1") != null);

        api.edit("batch", f -> {
            f.getSpec().triggers.schedule.remove(1);
            return f;
        });
        awaitCondition(() -> cronJob("batch-schedule-1") == null);
        assertThat(cronJob("batch-schedule-0")).isNotNull();

        api.edit("batch", f -> {
            f.getSpec().mode = Mode.Service;
            return f;
        });
        awaitCondition(() -> cronJob("batch-schedule-0") == null);
    }

    @Test
    void serviceModeSchedulesAreLeftToTheRuntime() {
        api.create(Fixtures.withSchedule(Fixtures.function(api.namespace, "web", IMAGE_V1), "*/5 * * * *", null, null));
        api.makeReady("web-00001");
        awaitCondition(() -> api.functionCondition("web", ConditionTypes.READY, Condition.TRUE));

        assertThat(api.client.batch().v1().cronjobs().inNamespace(api.namespace).list().getItems()).isEmpty();
    }

    @Test
    void aCronJobOwnedBySomeoneElseIsNotAdoptedAndTheTriggersSaySo() {
        api.client.resource(new CronJobBuilder().withNewMetadata().withNamespace(api.namespace).withName("batch-schedule-0")
                .endMetadata().withNewSpec().withSchedule("0 0 * * *").withNewJobTemplate().withNewSpec().withNewTemplate()
                .withNewSpec().addNewContainer().withName("other").withImage("other").endContainer().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build()).create();

        api.create(Fixtures.withSchedule(Fixtures.withMode(Fixtures.function(api.namespace, "batch", IMAGE_V1), Mode.Job),
                "*/5 * * * *", null, null));

        api.awaitFunction("batch", () -> api.functionCondition("batch", ConditionTypes.TRIGGERS_READY, Condition.FALSE));
        assertThat(api.function("batch").getStatus().condition(ConditionTypes.TRIGGERS_READY).reason).isEqualTo("NotOwned");
        assertThat(image(cronJob("batch-schedule-0"))).isEqualTo("other");
    }

    @Test
    void aReconcileOfUnchangedCronJobsWritesNothing() throws InterruptedException {
        api.create(Fixtures.withSchedule(Fixtures.withMode(Fixtures.function(api.namespace, "batch", IMAGE_V1), Mode.Job),
                "*/5 * * * *", null, null));
        awaitCondition(() -> cronJob("batch-schedule-0") != null
                && api.functionCondition("batch", ConditionTypes.READY, Condition.TRUE));
        drainUntilQuiet();

        // A foreign annotation on the revision is an event for the Function's reconciler, which syncs the CronJobs.
        api.client.resources(FunctionRevision.class).inNamespace(api.namespace).withName("batch-00001").edit(r -> {
            r.getMetadata().getAnnotations().put("example.com/touched", "yes");
            return r;
        });
        List<String> after = drainUntilQuiet().stream().filter(r -> r.getPath().contains("/namespaces/" + api.namespace + "/"))
                .map(r -> r.getMethod() + " " + r.getPath()).toList();

        assertThat(after).as("the Function's reconciler read the CronJob")
                .anyMatch(line -> line.startsWith("GET") && line.endsWith("/cronjobs/batch-schedule-0"));
        assertThat(after.stream().filter(line -> !line.startsWith("GET")).toList()).as("writes other than the test's own")
                .singleElement().satisfies(line -> assertThat(line).endsWith("/functionrevisions/batch-00001"));
    }

    private List<RecordedRequest> drainUntilQuiet() throws InterruptedException {
        List<RecordedRequest> taken = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
            taken.add(request);
        }
        return taken;
    }
}
