package dev.quiver.runtime.kubernetes;

import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.Mode;
import dev.quiver.api.contract.Labels;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.kubernetes.model.JobManifests;
import dev.quiver.runtime.kubernetes.model.JobSlotLeases;
import dev.quiver.runtime.kubernetes.model.JobStates;
import dev.quiver.runtime.platform.RevisionRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Job mode on the mock API server: one Job per event from the revision's template, at most scale.max at once. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesJobRunnerMockApiTest extends MockApiTest {

    static KubernetesClient client;

    @Override
    protected KubernetesClient client() {
        return client;
    }

    @Test
    void eachEventRunsInItsOwnJobAndNoMoreThanTheCapRunAtOnce() {
        Cluster cluster = new Cluster(client, namespace);
        cluster.revision("count", "count-00001", Mode.Job, 0, 0);
        cluster.function("count", 2, List.of(Cluster.target("count-00001", 100)));
        client.resource(jobTemplate(cluster)).create();
        KubernetesRouteCatalog catalog = new KubernetesRouteCatalog(client, List.of(cluster.namespace)).start();
        KubernetesJobRunner runner = new KubernetesJobRunner(client, catalog, List.of(cluster.namespace)).start();
        try (JobKubelet kubelet = new JobKubelet(client, cluster.namespace)) {
            eventually(() -> catalog.find("count").isPresent());
            // The cap is applied where every platform applies it: the job invoker in front of the runner.
            JobInvoker jobs = new JobInvoker(catalog, runner, Clock.systemUTC());
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(jobs.invoke(event(cluster.namespace, "event-" + i)).toCompletableFuture());
            }

            eventually(() -> kubelet.events().size() == 2);
            assertThat(jobs(cluster)).as("the third event waits for a free slot under the cap of 2").hasSize(2);
            assertThat(runner.running(cluster.namespace, "count")).isEqualTo(2);

            kubelet.answer(1);
            eventually(() -> kubelet.events().size() == 3);
            kubelet.answer(2);
            results.forEach(CompletableFuture::join);

            assertThat(kubelet.maxRunning()).isEqualTo(2);
            assertThat(jobs(cluster)).hasSize(3).allSatisfy(job -> {
                assertThat(job.getMetadata().getName()).startsWith("count-00001-");
                assertThat(job.getSpec().getBackoffLimit()).isZero();
                assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
                assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("count-00001"));
            });
            assertThat(kubelet.events().values()).extracting(e -> e.get("ce-id"))
                    .containsExactlyInAnyOrder("event-0", "event-1", "event-2");
            assertThat(kubelet.events().values()).allSatisfy(e -> {
                assertThat(e).containsEntry("QUIVER_MODE", "Job").containsEntry("ce-type", "dev.quiver.test")
                        .containsEntry("ce-specversion", "1.0");
                assertThat(e.get("body")).startsWith("{\"n\":");
            });
            for (CompletableFuture<InvocationResult> result : results) {
                InvocationResult done = result.join();
                assertThat(done.succeeded()).as(String.valueOf(done.error())).isTrue();
                assertThat(done.exitCode()).isZero();
                assertThat(done.revision()).isEqualTo("count-00001");
                assertThat(new String(done.body(), StandardCharsets.UTF_8)).startsWith("{\"job\":\"count-00001-");
            }
            assertThat(runner.running(cluster.namespace, "count")).isZero();
        } finally {
            runner.close();
            catalog.close();
        }
    }

    @Test
    void twoRuntimesTogetherNeverRunMoreJobsOfAFunctionThanItsCap() {
        Cluster cluster = new Cluster(client, namespace);
        cluster.revision("count", "count-00001", Mode.Job, 0, 0);
        cluster.function("count", 2, List.of(Cluster.target("count-00001", 100)));
        client.resource(jobTemplate(cluster)).create();
        List<AutoCloseable> stacks = new ArrayList<>();
        try (JobKubelet kubelet = new JobKubelet(client, cluster.namespace);
                ActiveJobs active = new ActiveJobs(client, cluster.namespace)) {
            List<JobInvoker> runtimes = new ArrayList<>();
            for (String replica : List.of("runtime-a", "runtime-b")) {
                KubernetesRouteCatalog catalog = new KubernetesRouteCatalog(client, List.of(cluster.namespace)).start();
                KubernetesJobRunner runner = new KubernetesJobRunner(client, catalog, List.of(cluster.namespace),
                        "quiver-system", replica).start();
                stacks.add(runner);
                stacks.add(catalog);
                eventually(() -> catalog.find("count").isPresent());
                runtimes.add(new JobInvoker(catalog, runner, Clock.systemUTC()));
            }
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(runtimes.get(i % 2).invoke(event(cluster.namespace, "event-" + i)).toCompletableFuture());
            }

            eventually(() -> kubelet.events().size() >= 2);
            for (int answered = 0; answered < 6; answered++) {
                long done = results.stream().filter(CompletableFuture::isDone).count();
                kubelet.answer(1); // one function answers; its Job completes and frees a slot for the next event
                eventually(() -> results.stream().filter(CompletableFuture::isDone).count() > done);
            }
            results.forEach(CompletableFuture::join);

            assertThat(results).allSatisfy(r -> assertThat(r.join().succeeded()).as(String.valueOf(r.join().error())).isTrue());
            assertThat(jobs(cluster)).hasSize(6);
            assertThat(active.max()).as("Jobs active at once, as the API server recorded them").isEqualTo(2);
            eventually(() -> client.leases().inNamespace("quiver-system").withLabel(JobSlotLeases.LABEL).list()
                    .getItems().isEmpty());
        } finally {
            for (AutoCloseable stack : stacks) {
                try {
                    stack.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Watches the namespace's Jobs and records the most that were active (created, not yet complete) at once. */
    private static final class ActiveJobs implements AutoCloseable {
        private final Set<String> active = ConcurrentHashMap.newKeySet();
        private final AtomicInteger max = new AtomicInteger();
        private final Watch watch;

        ActiveJobs(KubernetesClient client, String namespace) {
            watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Job job) {
                    String name = job.getMetadata().getName();
                    if (action == Action.DELETED || JobStates.outcome(job).isPresent()) {
                        active.remove(name);
                    } else if (active.add(name)) {
                        max.accumulateAndGet(active.size(), Math::max);
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
        }

        int max() {
            return max.get();
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    @Test
    void anEventForARevisionWithoutJobTemplateFailsWithAReason() {
        Cluster cluster = new Cluster(client, namespace);
        cluster.revision("count", "count-00001", Mode.Job, 0, 0);
        KubernetesRouteCatalog catalog = new KubernetesRouteCatalog(client, List.of(cluster.namespace)).start();
        KubernetesJobRunner runner = new KubernetesJobRunner(client, catalog, List.of(cluster.namespace)).start();
        try {
            InvocationResult result = runner.run(new RevisionRef(cluster.namespace, "count", "count-00001"),
                    event(cluster.namespace, "e")).toCompletableFuture().join();
            assertThat(result.succeeded()).isFalse();
            assertThat(result.error()).contains("no Job template");
            assertThat(jobs(cluster)).isEmpty();
        } finally {
            runner.close();
            catalog.close();
        }
    }

    private static List<Job> jobs(Cluster cluster) {
        return cluster.client.batch().v1().jobs().inNamespace(cluster.namespace)
                .withLabel(Labels.MANAGED_BY, JobManifests.MANAGED_BY).list().getItems();
    }

    /** The PodTemplate the controller keeps for a Job-mode revision (as controller Workloads.jobTemplate builds it). */
    private static PodTemplate jobTemplate(Cluster cluster) {
        return new PodTemplateBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("count-00001").withNamespace(cluster.namespace)
                        .withLabels(Map.of("quiver.dev/function", "count", "quiver.dev/revision", "count-00001"))
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("quiver.dev/v1alpha1")
                                .withKind("FunctionRevision").withName("count-00001").withUid("uid-1").withController(true).build())
                        .build())
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("quiver.dev/function", "count", "quiver.dev/revision", "count-00001")).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false)
                .addNewContainer().withName("function").withImage("registry.local/count@sha256:" + "1".repeat(64))
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .addNewEnv().withName("PORT").withValue("8080").endEnv()
                .endContainer().endSpec()
                .endTemplate()
                .build();
    }

    private static Invocation event(String namespace, String id) {
        return new Invocation(namespace, "count", id, "quiver/test", "dev.quiver.test", null, Instant.now(),
                "application/json", ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ofSeconds(30));
    }
}
