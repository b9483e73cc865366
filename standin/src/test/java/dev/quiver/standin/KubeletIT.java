package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet stand-in with a real registry and real processes: Deployments become pod processes on their own
 * loopback addresses behind EndpointSlices, scale, roll, stop gracefully and report failures; Jobs run to an outcome.
 */
class KubeletIT {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;
    static OciRegistry registry;
    static ClusterStandIn cluster;
    static String image;

    String ns;
    KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        registry = OciRegistry.start(dir.resolve("registry"));
        image = TestImages.pushServer(registry);
        cluster = ClusterStandIn.start(dir.resolve("cluster"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void namespace(TestInfo test) {
        ns = "t" + NAMESPACES.incrementAndGet();
        client = cluster.client();
    }

    @AfterEach
    void report(TestInfo test) {
        System.out.println(test.getDisplayName() + ":\n" + cluster.kubelet().describe());
    }

    @Test
    void deploymentRunsAPodProcessOnItsOwnAddressBehindItsService() throws Exception {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("hello", 1, Manifests.container(image).build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("hello", "hello")).create();

        PodProcess pod = awaitPods(1).get(0);
        assertThat(pod.ip()).startsWith("127.").isNotEqualTo("127.0.0.1");
        assertThat(get("http://" + pod.ip() + ":8080/")).isEqualTo("hello from " + pod.name());
        assertThat(pod.labels()).containsEntry("app", "hello").containsKey(Deployments.HASH_LABEL);

        await().untilAsserted(() -> {
            EndpointSlice slice = slice();
            assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "hello")
                    .containsEntry("quiver.dev/revision", "hello")
                    .containsEntry("endpointslice.kubernetes.io/managed-by", EndpointSlices.MANAGED_BY);
            assertThat(slice.getAddressType()).isEqualTo("IPv4");
            assertThat(slice.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getPort()).isEqualTo(8080);
            });
            assertThat(slice.getEndpoints()).singleElement().satisfies(e -> {
                assertThat(e.getAddresses()).containsExactly(pod.ip());
                assertThat(e.getConditions().getReady()).isTrue();
                assertThat(e.getTargetRef().getName()).isEqualTo(pod.name());
            });
        });
        await().untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(ns).withName("hello").get();
            assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(deployment.getStatus().getObservedGeneration()).isEqualTo(deployment.getMetadata().getGeneration());
            assertThat(condition(deployment, "Available")).map(DeploymentCondition::getStatus).contains("True");
            assertThat(condition(deployment, "Progressing")).map(DeploymentCondition::getReason).contains("NewReplicaSetAvailable");
            Pod apiPod = client.pods().inNamespace(ns).withName(pod.name()).get();
            assertThat(apiPod.getStatus().getPodIP()).isEqualTo(pod.ip());
            assertThat(apiPod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(apiPod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getName()).isEqualTo("hello"));
        });
    }

    @Test
    void scalingUpAddsPodsOnDistinctAddressesAndScalingToZeroStopsThemWithSigterm() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("scale", 1, Manifests.container(image).build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("scale", "scale")).create();
        awaitPods(1);

        scale("scale", 2);
        List<PodProcess> two = awaitPods(2);
        assertThat(two.stream().map(PodProcess::ip).collect(Collectors.toSet())).hasSize(2);
        await().untilAsserted(() -> assertThat(slice().getEndpoints()).hasSize(2)
                .allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue()));

        scale("scale", 0);
        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).isEmpty());
        await().untilAsserted(() -> {
            for (PodProcess pod : two) {
                assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive)).as("process of " + pod.name()).isNotEqualTo(Optional.of(true));
                assertThat(Files.readString(cluster.kubelet().log(ns, pod.name()))).contains("SIGTERM received");
            }
            assertThat(slice().getEndpoints()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().deployments().inNamespace(ns).withName("scale").get().getStatus().getReplicas()).isZero();
        });
    }

    @Test
    void templateChangeReplacesPodsWithNewOnesBeforeRemovingTheOld() throws Exception {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("roll", 1, Manifests.container(image).build())).create();
        PodProcess first = awaitPods(1).get(0);

        // The stand-in writes the status meanwhile: a conflict is retried, as controllers do.
        await().untilAsserted(() -> client.apps().deployments().inNamespace(ns).withName("roll").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVarBuilder().withName("GREETING").withValue("howdy").build());
            return d;
        }));

        AtomicInteger leastReady = new AtomicInteger(Integer.MAX_VALUE);
        await().untilAsserted(() -> {
            List<PodProcess> pods = cluster.kubelet().pods(ns);
            leastReady.accumulateAndGet((int) pods.stream().filter(PodProcess::ready).count(), Math::min);
            assertThat(pods).singleElement().satisfies(p -> {
                assertThat(p.name()).isNotEqualTo(first.name());
                assertThat(p.ready()).isTrue();
                assertThat(p.labels().get(Deployments.HASH_LABEL)).isNotEqualTo(first.labels().get(Deployments.HASH_LABEL));
            });
        });
        assertThat(leastReady.get()).as("ready pods seen at any time during the rollout").isEqualTo(1);
        PodProcess second = cluster.kubelet().pods(ns).get(0);
        assertThat(get("http://" + second.ip() + ":8080/")).isEqualTo("howdy from " + second.name());
        await().untilAsserted(() -> assertThat(Files.readString(cluster.kubelet().log(ns, first.name()))).contains("SIGTERM received"));
        await().untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(ns).withName("roll").get();
            assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(1);
            assertThat(deployment.getStatus().getReplicas()).isEqualTo(1);
        });
    }

    @Test
    void imageIndexRunsItsLinuxAmd64Image() throws Exception {
        String index = TestImages.pushIndex(registry, image);
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("multi", 1, Manifests.container(index).build())).create();

        PodProcess pod = awaitPods(1).get(0);

        assertThat(get("http://" + pod.ip() + ":8080/")).isEqualTo("hello from " + pod.name());
    }

    @Test
    void imageDigestThatDoesNotExistIsReportedAsImagePullBackOff() {
        String missing = registry.hostPort() + "/" + TestImages.REPOSITORY + "@sha256:" + "0".repeat(64);
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("nothing", 1, Manifests.container(missing).build())).create();

        await().untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(ns).withName("nothing").get();
            assertThat(condition(deployment, "ReplicaFailure")).map(DeploymentCondition::getReason).contains("ImagePullBackOff");
            assertThat(condition(deployment, "Available")).map(DeploymentCondition::getStatus).contains("False");
            Pod pod = client.pods().inNamespace(ns).list().getItems().get(0);
            assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
        });
    }

    @Test
    void deploymentThatNeverBecomesReadyExceedsItsProgressDeadline() {
        Deployment deployment = Manifests.deployment("slow", 1, Manifests.container(image)
                .editReadinessProbe().editHttpGet().withPath("/never-there").endHttpGet().endReadinessProbe().build());
        deployment.getSpec().setProgressDeadlineSeconds(2);
        client.apps().deployments().inNamespace(ns).resource(deployment).create();

        await().untilAsserted(() -> assertThat(condition(client.apps().deployments().inNamespace(ns).withName("slow").get(), "Progressing"))
                .map(DeploymentCondition::getReason).contains("ProgressDeadlineExceeded"));
    }

    @Test
    void aTcpReadinessProbePassesOnceThePodsPortAcceptsConnections() {
        Deployment deployment = Manifests.deployment("tcp", 1, Manifests.container(image)
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket()
                .withPeriodSeconds(1).withFailureThreshold(3).withSuccessThreshold(1).endReadinessProbe().build());
        client.apps().deployments().inNamespace(ns).resource(deployment).create();

        await().untilAsserted(() -> assertThat(client.apps().deployments().inNamespace(ns).withName("tcp").get()
                .getStatus().getReadyReplicas()).isEqualTo(1));
    }

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
    void killedPodIsRestartedInPlace() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("crash", 1, Manifests.container(image).build())).create();
        PodProcess before = awaitPods(1).get(0);

        cluster.kubelet().kill(ns, before.name());

        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo(before.name());
            assertThat(p.restarts()).isEqualTo(1);
            assertThat(p.pid()).isNotEqualTo(before.pid());
            assertThat(p.ready()).isTrue();
        }));
        await().untilAsserted(() -> assertThat(client.pods().inNamespace(ns).withName(before.name()).get().getStatus()
                .getContainerStatuses().get(0).getRestartCount()).isEqualTo(1));
    }

    @Test
    void environmentComesFromTheImageConfigMapsSecretsAndThePod() throws Exception {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .withData(Map.of("color", "blue")).build()).create();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("keys").endMetadata()
                .withStringData(Map.of("token", "s3cret")).build()).create();
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("env", 1, Manifests.container(image)
                .addNewEnv().withName("COLOR").withNewValueFrom().withNewConfigMapKeyRef("color", "settings", false).endValueFrom().endEnv()
                .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("token", "keys", false).endValueFrom().endEnv()
                .addNewEnv().withName("MY_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .build())).create();

        PodProcess pod = awaitPods(1).get(0);
        String base = "http://" + pod.ip() + ":8080/env/";
        assertThat(get(base + "COLOR")).isEqualTo("blue");
        assertThat(get(base + "TOKEN")).isEqualTo("s3cret");
        assertThat(get(base + "MY_NAME")).isEqualTo(pod.name());
        assertThat(get(base + "PORT")).isEqualTo("8080");
        assertThat(get(base + "QUARKUS_HTTP_HOST")).isEqualTo(pod.ip());
        assertThat(client.pods().inNamespace(ns).withName(pod.name()).inContainer("function").getLog())
                .contains("listening on " + pod.ip() + ":8080").doesNotContain("[standin");
    }

    @Test
    void deletingTheOwnerCollectsItsPodsAndTheirProcesses() {
        Deployment owner = client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("gone", 1, Manifests.container(image).build())).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("owned")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("gone")
                .withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata().build()).create();
        PodProcess pod = awaitPods(1).get(0);

        client.apps().deployments().inNamespace(ns).withName("gone").delete();

        await().untilAsserted(() -> {
            assertThat(cluster.kubelet().pods(ns)).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(client.configMaps().inNamespace(ns).withName("owned").get()).isNull();
        });
    }

    @Test
    void scaleDownMarksTheEndpointTerminatingBeforeTheProcessIsSignalled() throws Exception {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("drain", 1, Manifests.container(image)
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("sleep", "8").endExec().endPreStop().endLifecycle()
                .build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("drain", "drain")).create();
        PodProcess pod = awaitPods(1).get(0);

        scale("drain", 0);

        await().untilAsserted(() -> assertThat(slice().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getConditions().getTerminating()).isTrue();
            assertThat(e.getConditions().getReady()).isFalse();
        }));
        assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(Files.readString(cluster.kubelet().log(ns, pod.name()))).doesNotContain("SIGTERM received");
        await().untilAsserted(() -> {
            assertThat(Files.readString(cluster.kubelet().log(ns, pod.name()))).containsSubsequence("preStop: sleep 8s", "SIGTERM received");
            assertThat(slice().getEndpoints()).isEmpty();
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

    @Test
    void podCreatedDirectlyRunsAndDeletingItStopsItsProcess() throws Exception {
        client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName("bare").withLabels(Map.of("app", "bare")).endMetadata()
                .withSpec(Manifests.template(Map.of(), "Always", Manifests.container(image).build()).getSpec()).build()).create();
        PodProcess pod = awaitPods(1).get(0);
        assertThat(pod.name()).isEqualTo("bare");
        assertThat(get("http://" + pod.ip() + ":8080/")).isEqualTo("hello from bare");

        client.pods().inNamespace(ns).withName("bare").delete();

        await().untilAsserted(() -> {
            assertThat(cluster.kubelet().pods(ns)).isEmpty();
            assertThat(client.pods().inNamespace(ns).withName("bare").get()).isNull();
            assertThat(Files.readString(cluster.kubelet().log(ns, "bare"))).contains("SIGTERM received");
        });
    }

    @Test
    void steadyStateWritesNothing() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("quiet", 1, Manifests.container(image).build())).create();
        client.services().inNamespace(ns).resource(Manifests.service("quiet", "quiet")).create();
        awaitPods(1);
        await().untilAsserted(() -> assertThat(slice().getEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getConditions().getReady()).isTrue()));
        await().untilAsserted(() -> assertThat(condition(client.apps().deployments().inNamespace(ns).withName("quiet").get(),
                "Progressing")).map(DeploymentCondition::getReason).contains("NewReplicaSetAvailable"));
        String before = versions();

        long passes = cluster.kubelet().passes();
        await().until(() -> cluster.kubelet().passes() >= passes + 3);

        assertThat(versions()).isEqualTo(before);
    }

    /** The resourceVersions of every Deployment, Pod and EndpointSlice of the namespace. */
    private String versions() {
        return Stream.of(client.apps().deployments().inNamespace(ns).list().getItems(),
                        client.pods().inNamespace(ns).list().getItems(),
                        client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems())
                .flatMap(List::stream)
                .map(o -> o.getKind() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion())
                .sorted().collect(Collectors.joining(" "));
    }

    @Test
    void failingLivenessProbeRestartsTheProcess() {
        client.apps().deployments().inNamespace(ns).resource(Manifests.deployment("stuck", 1, Manifests.container(image)
                .withNewLivenessProbe().withNewHttpGet().withPath("/never-there").withPort(new IntOrString(8080))
                .endHttpGet().withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe()
                .build())).create();

        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).singleElement()
                .satisfies(p -> assertThat(p.restarts()).isGreaterThanOrEqualTo(1)));
    }

    private List<PodProcess> awaitPods(int count) {
        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).as(cluster.kubelet().describe())
                .hasSize(count).allSatisfy(p -> assertThat(p.ready()).isTrue()));
        return cluster.kubelet().pods(ns);
    }

    /** Scales a Deployment, retrying on a conflict with the stand-in's status writes, as controllers do. */
    private void scale(String deployment, int replicas) {
        await().untilAsserted(() -> client.apps().deployments().inNamespace(ns).withName(deployment).scale(replicas));
    }

    /** The one EndpointSlice of the namespace. */
    private EndpointSlice slice() {
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems();
        assertThat(slices).hasSize(1);
        return slices.get(0);
    }

    private static Optional<DeploymentCondition> condition(Deployment deployment, String type) {
        if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(Long.getLong("standin.await", 90))).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions();
    }
}
