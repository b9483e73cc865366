package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Labels;
import dev.quiver.controller.status.BuildStatuses;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.standin.testing.MockApiTest;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build flow of a Function with {@code spec.build} on the mock API server: the controller starts a build
 * Job, and the fake kubelet completes or fails it as the builder would (termination message = image by digest,
 * or the log's last lines).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class FunctionBuildMockApiTest extends MockApiTest {

    private static final String REPO = "https://git.example.com/team/hello.git";
    private static final String BUILT_V1 = "registry.local:5000/team/hello@sha256:" + "a".repeat(64);
    private static final String BUILT_V2 = "registry.local:5000/team/hello@sha256:" + "b".repeat(64);

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

    @Test
    void successfulBuildReportsDigestAndMakesRevisionFromIt() {
        api.create(Fixtures.built(api.namespace, "hello", REPO, "v1"));
        Job job = awaitBuildJob("hello");

        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> assertThat(ref.getName()).isEqualTo("hello"));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSequence("--registry", "registry.local:5000/team", "--image", "hello");
        Condition building = api.function("hello").getStatus().condition(ConditionTypes.BUILD_SUCCEEDED);
        assertThat(building.status + " " + building.reason).isEqualTo("Unknown Building");
        assertThat(api.revisionNames("hello")).as("no revision before an image is built").isEmpty();

        api.kubelet.completeBuild(api.namespace, job.getMetadata().getName(), BUILT_V1 + "\ndefaultProbe=SmallRyeHealth\n");

        awaitCondition(() -> api.deployment("hello-00001") != null);
        assertThat(api.revision("hello-00001").getSpec().image).isEqualTo(BUILT_V1);
        assertThat(api.revision("hello-00001").getSpec().defaultProbe).isEqualTo(DefaultProbe.SmallRyeHealth);
        assertThat(api.deployment("hello-00001").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        Function function = api.function("hello");
        assertThat(function.getStatus().build.image).isEqualTo(BUILT_V1);
        assertThat(function.getStatus().build.defaultProbe).isEqualTo(DefaultProbe.SmallRyeHealth);
        assertThat(function.getStatus().build.jobName).isEqualTo(job.getMetadata().getName());
        assertThat(function.getStatus().build.sourceHash).isEqualTo(job.getMetadata().getLabels().get(Labels.BUILD));
        assertThat(function.getStatus().condition(ConditionTypes.BUILD_SUCCEEDED).isTrue()).isTrue();
        api.makeReady("hello-00001");
        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.READY, Condition.TRUE));
    }

    @Test
    void failedBuildReportsLogTailWithoutSecretsAndPreviousRevisionKeepsServing() {
        readyBuiltFunction();
        String firstJob = api.function("hello").getStatus().build.jobName;
        api.edit("hello", f -> {
            f.getSpec().build.git.revision = "v2";
            return f;
        });
        Job second = awaitThen(() -> buildJobs("hello").size() == 2, () -> buildJobs("hello").stream()
                .filter(j -> !j.getMetadata().getName().equals(firstJob)).findFirst().orElseThrow());

        api.kubelet.failBuild(api.namespace, second.getMetadata().getName(), String.join("\n",
                "[INFO] Compiling 3 source files",
                "using registry password hunter2",
                "[ERROR] Hello.java:[12,9] cannot find symbol",
                "[ERROR] BUILD FAILURE"));

        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE));
        Function function = api.function("hello");
        Condition failed = function.getStatus().condition(ConditionTypes.BUILD_SUCCEEDED);
        assertThat(failed.reason).isEqualTo(BuildStatuses.BUILD_FAILED);
        assertThat(failed.message).contains(second.getMetadata().getName(), "cannot find symbol", "BUILD FAILURE")
                .doesNotContain("hunter2");
        assertThat(function.getStatus().condition(ConditionTypes.READY).status).isEqualTo(Condition.FALSE);
        assertThat(function.getStatus().build.image).as("the last good image stays").isEqualTo(BUILT_V1);
        assertThat(function.getStatus().build.jobName).isEqualTo(second.getMetadata().getName());
        assertThat(function.getStatus().traffic).singleElement().satisfies(t -> assertThat(t.revisionName).isEqualTo("hello-00001"));
        assertThat(api.revisionNames("hello")).containsExactly("hello-00001");
    }

    @Test
    void failedSourceIsNotBuiltAgainAfterItsJobIsGoneUntilTheSourceChanges() {
        readyBuiltFunction();
        String good = api.function("hello").getStatus().build.jobName;
        api.edit("hello", f -> {
            f.getSpec().build.git.revision = "broken";
            return f;
        });
        String broken = awaitThen(() -> buildJobs("hello").size() == 2, () -> otherJob(good));
        api.kubelet.failSourceFetch(api.namespace, broken, "fatal: couldn't find remote ref broken");
        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE));
        assertThat(api.function("hello").getStatus().condition(ConditionTypes.BUILD_SUCCEEDED).message)
                .contains("could not fetch the source", "couldn't find remote ref broken");

        // Kubernetes deletes a finished Job after its TTL; the failure stays reported and the source is not rebuilt.
        api.client.batch().v1().jobs().inNamespace(api.namespace).withName(broken).delete();
        awaitCondition(() -> buildJobs("hello").size() == 1);
        api.edit("hello", f -> Fixtures.withEnv(f, "GREETING", "hi"));
        awaitCondition(() -> api.revisionNames("hello").size() == 2);
        assertThat(buildJobs("hello")).extracting(j -> j.getMetadata().getName()).containsExactly(good);
        assertThat(api.function("hello").getStatus().condition(ConditionTypes.BUILD_SUCCEEDED).reason)
                .isEqualTo(BuildStatuses.SOURCE_FETCH_FAILED);

        api.edit("hello", f -> {
            f.getSpec().build.git.revision = "v2";
            return f;
        });
        String fixed = awaitThen(() -> buildJobs("hello").size() == 2, () -> otherJob(good));
        api.kubelet.completeBuild(api.namespace, fixed, BUILT_V2);
        awaitCondition(() -> api.revisionNames("hello").size() == 3);
        assertThat(api.revision("hello-00003").getSpec().image).isEqualTo(BUILT_V2);
        assertThat(api.function("hello").getStatus().condition(ConditionTypes.BUILD_SUCCEEDED).isTrue()).isTrue();
    }

    @Test
    void templateEditOfBuiltFunctionMakesRevisionWithoutNewBuild() {
        readyBuiltFunction();
        api.edit("hello", f -> Fixtures.withEnv(f, "GREETING", "hi"));

        awaitCondition(() -> api.revisionNames("hello").size() == 2);
        assertThat(api.revision("hello-00002").getSpec().image).isEqualTo(BUILT_V1);
        assertThat(buildJobs("hello")).as("the source did not change").hasSize(1);
    }

    @Test
    void configMapSourceIsRebuiltWhenItsContentChanges() {
        api.client.resource(Fixtures.configMap(api.namespace, "hello-src", Map.of("pom.xml", "<project/>"))).create();
        api.create(Fixtures.builtFromConfigMap(api.namespace, "hello", "hello-src"));
        Job first = awaitBuildJob("hello");
        assertThat(first.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName()).isEqualTo("hello-src"));
        api.kubelet.completeBuild(api.namespace, first.getMetadata().getName(), BUILT_V1);
        awaitCondition(() -> api.revisionNames("hello").size() == 1);

        api.client.configMaps().inNamespace(api.namespace).withName("hello-src").edit(cm -> {
            cm.getData().put("pom.xml", "<project><!-- changed --></project>");
            return cm;
        });
        // ConfigMaps are not watched; any event on the Function (here a scale edit) reconciles it.
        api.edit("hello", f -> Fixtures.withScale(f, 0, 3));
        awaitCondition(() -> buildJobs("hello").size() == 2);
    }

    @Test
    void missingSourceOrCredentialsAreReportedBeforeAnyJobStarts() {
        api.create(Fixtures.builtFromConfigMap(api.namespace, "from-cm", "absent"));
        Function withSecret = Fixtures.built(api.namespace, "with-secret", REPO, "v1");
        withSecret.getSpec().build.credentialsSecret = "push-creds";
        api.create(withSecret);

        awaitCondition(() -> api.functionCondition("from-cm", ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE));
        assertThat(api.function("from-cm").getStatus().condition(ConditionTypes.BUILD_SUCCEEDED).reason).isEqualTo("SourceNotFound");
        awaitCondition(() -> api.functionCondition("with-secret", ConditionTypes.BUILD_SUCCEEDED, Condition.FALSE));
        assertThat(api.function("with-secret").getStatus().condition(ConditionTypes.BUILD_SUCCEEDED).message)
                .contains("push-creds", "does not exist");
        assertThat(buildJobs("from-cm")).isEmpty();
        assertThat(buildJobs("with-secret")).isEmpty();

        api.client.resource(new SecretBuilder().withNewMetadata().withNamespace(api.namespace).withName("push-creds").endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", "eyJhdXRocyI6e319")).build()).create();
        api.edit("with-secret", f -> Fixtures.withScale(f, 0, 2));
        Job job = awaitBuildJob("with-secret");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName()).isEqualTo("push-creds"));
        assertThat(api.function("with-secret").getStatus().toString()).doesNotContain("eyJhdXRocyI6e319");
    }

    @Test
    void reconcileOfBuiltFunctionWritesNothingAndReadsNoJob() throws InterruptedException {
        readyBuiltFunction();
        drainUntilQuiet();

        // A foreign annotation on the revision is an event for the Function's reconciler and changes nothing it owns.
        api.client.resources(FunctionRevision.class).inNamespace(api.namespace).withName("hello-00001").edit(r -> {
            r.getMetadata().getAnnotations().put("example.com/touched", "yes");
            return r;
        });
        List<String> requests = drainUntilQuiet().stream().filter(r -> r.getPath().contains("/namespaces/" + api.namespace + "/"))
                .map(r -> r.getMethod() + " " + r.getPath()).toList();

        assertThat(requests).as("the Function's reconciler ran").anyMatch(line -> line.startsWith("GET") && line.contains("/functionrevisions?"));
        assertThat(requests).as("the built source is not looked up again").noneMatch(line -> line.contains("/jobs"));
        assertThat(requests.stream().filter(line -> !line.startsWith("GET")).toList()).as("writes other than the test's own")
                .singleElement().satisfies(line -> assertThat(line).endsWith("/functionrevisions/hello-00001"));
    }

    /** Takes recorded requests until none arrives for a while. */
    private List<RecordedRequest> drainUntilQuiet() throws InterruptedException {
        List<RecordedRequest> taken = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(3000, TimeUnit.MILLISECONDS)) != null) {
            taken.add(request);
        }
        return taken;
    }

    private void readyBuiltFunction() {
        api.create(Fixtures.built(api.namespace, "hello", REPO, "v1"));
        Job job = awaitBuildJob("hello");
        api.kubelet.completeBuild(api.namespace, job.getMetadata().getName(), BUILT_V1);
        api.makeReady("hello-00001");
        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.READY, Condition.TRUE));
    }

    /** The one build Job of "hello" other than the named one. */
    private String otherJob(String known) {
        return buildJobs("hello").stream().map(j -> j.getMetadata().getName()).filter(n -> !n.equals(known))
                .findFirst().orElseThrow();
    }

    private Job awaitBuildJob(String function) {
        return awaitThen(() -> buildJobs(function).size() == 1, () -> buildJobs(function).get(0));
    }

    private static <T> T awaitThen(Callable<Boolean> condition, Supplier<T> then) {
        MockApi.awaitCondition(condition);
        return then.get();
    }

    private List<Job> buildJobs(String function) {
        return api.client.batch().v1().jobs().inNamespace(api.namespace).withLabel(Labels.FUNCTION, function).list().getItems();
    }
}
