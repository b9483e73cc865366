package dev.quiver.cli;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.conditions.FunctionLifecycle;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.cli.fake.CliRun;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.cli.fake.MockCluster;
import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.cli.fake.RecordingImageBuild;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.BeforeEach;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The commands against a cluster (the fabric8 mock API server; the test writes what the controller would). */
@EnableKubernetesMockClient(crud = true, https = false) // plain HTTP: jnats brings a BouncyCastle that cannot make the mock's certificate
class ClusterCommandsTest extends MockApiTest {

    private static final String DIGEST = "registry.local/hello@sha256:" + "a".repeat(64);

    static KubernetesClient client;
    static KubernetesMockServer server;

    @Override
    protected KubernetesClient client() {
        return client;
    }

    @TempDir
    Path dir;

    MockCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client, namespace, dir);
    }

    @Test
    void deployWaitsForTheNewRevisionAndExitsWithItsReasonWhenItFails() throws Exception {
        Path folder = functionFolder();

        CompletableFuture<CliRun> deploy = CompletableFuture.supplyAsync(() -> CliRun.of(cluster.args("deploy", folder.toString())));
        Function created = awaitFunction("hello");
        assertThat(deploy).as("deploy waits for the revision").isNotDone();
        cluster.createWithStatus(Fixtures.revision("hello", 1,
                Fixtures.failed("ProgressDeadlineExceeded", "the container never became ready")));
        cluster.setStatus(created, controllerStatus(created, "hello-00001", null));
        CliRun run = deploy.get();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("Deploying hello to cluster", "namespace " + cluster.namespace());
        assertThat(run.err()).contains("deploy of hello failed: hello-00001 failed: ProgressDeadlineExceeded"
                + " - the container never became ready");
    }

    @Test
    void deployCreatesTheFunctionAndPrintsItsUrlOnceTheRevisionIsReady() throws Exception {
        Path folder = functionFolder();

        CompletableFuture<CliRun> deploy = CompletableFuture.supplyAsync(() -> CliRun.of(cluster.args("deploy", folder.toString())));
        Function created = awaitFunction("hello");
        cluster.createWithStatus(Fixtures.revision("hello", 1, Fixtures.ready(1)));
        cluster.setStatus(created, controllerStatus(created, "hello-00001", "http://gateway.example/fn/hello"));
        CliRun run = deploy.get();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("hello-00001 is ready").endsWith("http://gateway.example/fn/hello\n");
        assertThat(created.getSpec().image).isEqualTo(DIGEST);
    }

    @Test
    void deployOfAChangedSpecUpdatesTheSpecAndLeavesTheStatusToTheController() throws Exception {
        Function existing = cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00001")));
        cluster.createWithStatus(Fixtures.revision("hello", 1, Fixtures.ready(1)));
        Path folder = functionFolder();

        CliRun run = CliRun.of(cluster.args("deploy", folder.toString(), "--no-wait"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        Function stored = cluster.function("hello");
        assertThat(stored.getSpec().image).isEqualTo(DIGEST);
        assertThat(stored.getStatus()).isEqualTo(existing.getStatus());
    }

    @Test
    void deployOfAMavenFolderWithATaggedImageBuildsPushesAndDeploysTheDigest() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("greeter"));
        Files.writeString(folder.resolve("pom.xml"), "<project/>");
        Files.writeString(folder.resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata: {name: greeter}
                spec: {image: "registry.local/greeter:latest"}
                """);

        CliRun run = CliRun.of(cluster.args("deploy", folder.toString(), "--no-wait"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(RecordingImageBuild.BUILT).contains(folder.toAbsolutePath());
        assertThat(run.out()).contains("Building", "built greeter for registry.local/greeter:latest",
                "Pushed " + RecordingImageBuild.digestOf(folder));
        assertThat(cluster.function("greeter").getSpec().image).isEqualTo(RecordingImageBuild.digestOf(folder));
        assertThat(cluster.function("greeter").getMetadata().getAnnotations())
                .as("the build's choice of default probes, for the controller to put on the revision")
                .containsEntry(DefaultProbe.ANNOTATION, RecordingImageBuild.DEFAULT_PROBE.name());
    }

    @Test
    void rollbackSendsAllTrafficToTheReadyRevisionBeforeTheServingOne() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00002"),
                Fixtures.serving(TrafficTarget.revision("hello-00002", 100))));
        cluster.createWithStatus(Fixtures.revision("hello", 1, Fixtures.ready(1)));
        cluster.createWithStatus(Fixtures.revision("hello", 2, Fixtures.ready(1)));

        CliRun run = CliRun.of(cluster.args("rollback", "hello"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("all traffic now goes to hello-00001", "namespace " + cluster.namespace());
        assertThat(cluster.function("hello").getSpec().traffic).containsExactly(TrafficTarget.revision("hello-00001", 100));
    }

    @Test
    void trafficReplacesTheSpecTrafficAndShowsTheRequestedSplit() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00002"),
                Fixtures.serving(TrafficTarget.revision("hello-00002", 100))));

        CliRun run = CliRun.of(cluster.args("traffic", "hello", "2=90", "1=10", "--tag", "stable=1"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).as("the old TAG=REV order still works, with a hint").contains("write it REV=TAG (--tag 1=stable)");
        assertThat(run.out()).contains("hello-00001", "10%", "stable");
        assertThat(cluster.function("hello").getSpec().traffic)
                .extracting(t -> t.revisionName + "=" + t.percent + (t.tag == null ? "" : "@" + t.tag))
                .containsExactly("hello-00002=90", "hello-00001=10@stable");
        assertThat(cluster.function("hello").getStatus().traffic).as("the status is the controller's")
                .containsExactly(TrafficTarget.revision("hello-00002", 100));
    }

    @Test
    void trafficThatDoesNotSumTo100IsRefusedWithTheProblemAndNothingChanges() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00002"),
                Fixtures.serving(TrafficTarget.revision("hello-00002", 100))));

        CliRun run = CliRun.of(cluster.args("traffic", "hello", "2=90"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("the traffic of hello is not valid", "  - spec.traffic: ", "add up to 90");
        assertThat(cluster.function("hello").getSpec().traffic).containsExactly(TrafficTarget.revision("hello-00002", 100));
    }

    @Test
    void listAsYamlPrintsTheFunctionObjects() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00001")));

        CliRun run = CliRun.of(cluster.args("list", "-o", "yaml"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("kind: Function", "name: hello", "namespace: " + cluster.namespace(), "latestReadyRevisionName: hello-00001");
        assertThat(run.out()).as("several objects print as kubectl's List").startsWith("apiVersion: v1\nitems:\n")
                .contains("\nkind: List\n");
    }

    @Test
    void listAsNamesPrintsFunctionSlashName() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00001")));

        CliRun run = CliRun.of(cluster.args("list", "-o", "name"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("function/hello\n");
    }

    @Test
    void tagOnlyTrafficKeepsTheSplitAndMovesTags() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00002"),
                Fixtures.serving(TrafficTarget.revision("hello-00002", 100), TrafficTarget.revision("hello-00001", 0).withTag("old"))));

        CliRun run = CliRun.of(cluster.args("traffic", "hello", "--tag", "hello-00002=current", "--untag", "old"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("Warning");
        assertThat(cluster.function("hello").getSpec().traffic)
                .extracting(t -> t.revisionName + "=" + t.percent + (t.tag == null ? "" : "@" + t.tag))
                .containsExactly("hello-00002=100@current");
    }

    @Test
    void describeShowsRevisionsConditionsAndTheControllersEvents() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00001")));
        cluster.createWithStatus(Fixtures.revision("hello", 1, Fixtures.ready(2)));
        client.v1().events().inNamespace(cluster.namespace()).resource(new EventBuilder()
                .withNewMetadata().withName("hello-00001.ready").endMetadata()
                .withNewInvolvedObject().withKind("FunctionRevision").withName("hello-00001").endInvolvedObject()
                .withType("Normal").withReason("RevisionReady").withMessage("hello-00001 is ready with 2 replicas")
                .withLastTimestamp("2026-01-01T00:00:00Z").build()).create();

        CliRun run = CliRun.of(cluster.args("describe", "hello"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Revisions:", "hello-00001", "2/2", "Conditions:", "Events:", "RevisionReady",
                "FunctionRevision/hello-00001", "hello-00001 is ready with 2 replicas");
    }

    @Test
    void describeShowsOnlyTheFunctionsOwnRevisionEventsNotThoseOfALongerNamedFunction() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00001")));
        cluster.createWithStatus(Fixtures.revision("hello", 1, Fixtures.ready(1)));
        revisionEvent("hello-00001", "RevisionReady", "hello-00001 is ready with 1 replicas");
        revisionEvent("hello-world-00001", "RevisionFailed", "hello-world-00001 failed: ImagePullBackOff");

        CliRun run = CliRun.of(cluster.args("describe", "hello"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("FunctionRevision/hello-00001", "RevisionReady")
                .doesNotContain("hello-world", "RevisionFailed");
    }

    private void revisionEvent(String revision, String reason, String message) {
        client.v1().events().inNamespace(cluster.namespace()).resource(new EventBuilder()
                .withNewMetadata().withName(revision + "." + reason.toLowerCase()).endMetadata()
                .withNewInvolvedObject().withKind("FunctionRevision").withName(revision).endInvolvedObject()
                .withType("Normal").withReason(reason).withMessage(message)
                .withLastTimestamp("2026-01-01T00:00:00Z").build()).create();
    }

    @Test
    void deleteRemovesTheFunctionAndSaysWhenThereIsNone() {
        cluster.createWithStatus(Fixtures.function("hello"));

        CliRun deleted = CliRun.of(cluster.args("delete", "hello"));
        CliRun again = CliRun.of(cluster.args("delete", "hello"));

        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(cluster.function("hello")).isNull();
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("no function hello");
    }

    @Test
    void logsPrintsWhatEachReplicaOfTheRevisionWrote() {
        for (String pod : new String[] {"hello-00001-a", "hello-00001-b"}) {
            client.pods().inNamespace(cluster.namespace()).resource(new PodBuilder().withNewMetadata().withName(pod)
                    .addToLabels("quiver.dev/function", "hello").addToLabels("quiver.dev/revision", "hello-00001")
                    .endMetadata().build()).create();
            server.expect().get().withPath("/api/v1/namespaces/" + cluster.namespace() + "/pods/" + pod
                    + "/log?pretty=false&container=function").andReturn(200, "started " + pod + "\n").always();
        }

        CliRun run = CliRun.of(cluster.args("logs", "hello", "--revision", "hello-00001"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("[hello-00001-a] started hello-00001-a\n[hello-00001-b] started hello-00001-b\n");
    }

    @Test
    void logsAskTheApiServerForTheTailAndSinceGiven() {
        createReplica("hello-00001-a");
        server.expect().get().withPath("/api/v1/namespaces/" + cluster.namespace()
                + "/pods/hello-00001-a/log?pretty=false&container=function&sinceSeconds=600&tailLines=5")
                .andReturn(200, "the last five lines of ten minutes\n").always();

        CliRun run = CliRun.of(cluster.args("logs", "hello", "--tail", "5", "--since", "10m"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("the last five lines of ten minutes\n");
    }

    @Test
    void followingLogsPicksUpAReplicaThatStartsLater() throws Exception {
        createReplica("hello-00001-a");
        StringWriter out = new StringWriter();
        CommandLine commandLine = Cli.create();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        Thread follower = new Thread(() -> commandLine.execute(cluster.args("logs", "hello", "-f")));
        follower.start();
        try {
            await("the first replica's log").atMost(Duration.ofSeconds(20))
                    .until(() -> out.toString().contains("started hello-00001-a"));

            createReplica("hello-00001-b");

            await("the log of the replica that started later").atMost(Duration.ofSeconds(20))
                    .until(() -> out.toString().contains("started hello-00001-b"));
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertThat(follower.isAlive()).as("logs -f ends when interrupted").isFalse();
    }

    /** A running replica of hello-00001 whose log (plain and followed) is one line naming it. */
    private void createReplica(String pod) {
        client.pods().inNamespace(cluster.namespace()).resource(new PodBuilder().withNewMetadata().withName(pod)
                .addToLabels("quiver.dev/function", "hello").addToLabels("quiver.dev/revision", "hello-00001")
                .endMetadata().build()).create();
        String log = "/api/v1/namespaces/" + cluster.namespace() + "/pods/" + pod + "/log?pretty=false&container=function";
        server.expect().get().withPath(log).andReturn(200, "started " + pod + "\n").always();
        server.expect().get().withPath(log + "&follow=true").andReturn(200, "started " + pod + "\n").always();
    }

    @Test
    void logsOfAFunctionWithNoReplicaSayWhy() {
        CliRun run = CliRun.of(cluster.args("logs", "hello"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("hello has no running replica", "zero replicas");
    }

    @Test
    void unknownFunctionIsAClearError() {
        CliRun run = CliRun.of(cluster.args("describe", "nope"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("no function nope in namespace " + cluster.namespace());
    }

    @Test
    void deployOfAnInvalidFunctionNamesTheProblemAndWritesNothing() throws IOException {
        Files.writeString(dir.resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata: {name: hello}
                spec:
                  traffic: [{latestRevision: true, percent: 60}]
                """);

        CliRun run = CliRun.of(cluster.args("deploy", dir.toString()));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("hello is not valid", "  - ");
        assertThat(cluster.function("hello")).isNull();
    }

    /** A function folder with a function.yaml whose image is pinned by digest (so nothing is built). */
    private Path functionFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("hello"));
        Files.writeString(folder.resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata: {name: hello}
                spec:
                  image: %s
                  traffic: [{latestRevision: true, percent: 100}]
                """.formatted(DIGEST));
        return folder;
    }

    private Function awaitFunction(String name) {
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.function(name) != null);
        return cluster.function(name);
    }

    /** The status the controller writes once it has made (and followed) the revision. */
    private static FunctionStatus controllerStatus(Function function, String revision, String url) {
        FunctionStatus status = new FunctionStatus();
        status.observedGeneration = function.getMetadata().getGeneration();
        status.latestCreatedRevisionName = revision;
        status.url = url;
        status.conditions.add(Condition.of(ConditionTypes.READY, Condition.UNKNOWN, FunctionLifecycle.REVISION_DEPLOYING, null));
        return status;
    }

}
