package dev.quiver.cli;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.rollout.RolloutProgress;
import dev.quiver.cli.fake.CliRun;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.cli.fake.MockCluster;
import dev.quiver.standin.testing.MockApiTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** quiver rollout, describe's Rollout section and traffic's sticky options against a cluster (the fabric8 mock API server). */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterRolloutTest extends MockApiTest {

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

    private Function rollingOut(RolloutPhase phase, String message) {
        return cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00003"), Fixtures.canary(10, 25),
                Fixtures.rollingOut("hello-00003", "hello-00002", phase, message)));
    }

    @Test
    void statusPrintsTheRolloutWithItsDecidedSteps() {
        rollingOut(RolloutPhase.Progressing, "waiting for requests: 12 of 20");

        CliRun run = CliRun.of(cluster.args("rollout", "status", "hello"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("hello-00003 (stable hello-00002)", "Progressing", "2 of 3 at 25 %",
                "waiting for requests: 12 of 20", "12 requests, error rate 0.5 %, p95 120 ms vs stable 100 ms",
                "Decisions:", "1", "10%", "Passed");
    }

    @Test
    void statusAsJsonIsStatusRollout() throws Exception {
        rollingOut(RolloutPhase.Progressing, "waiting");

        CliRun run = CliRun.of(cluster.args("rollout", "status", "hello", "-o", "json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ApiJson.json().readValue(run.out(), RolloutStatus.class))
                .isEqualTo(cluster.function("hello").getStatus().rollout);
    }

    @Test
    void statusOfAFunctionWithoutAPlanSaysSo() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00001")));

        CliRun run = CliRun.of(cluster.args("rollout", "status", "hello"));

        assertThat(run.out()).isEqualTo("hello has no rollout (spec.rollout is not set)\n");
    }

    @Test
    void watchRedrawsUntilTheRolloutSucceedsAndExitsZero() {
        Function hello = rollingOut(RolloutPhase.Progressing, "waiting for requests: 12 of 20");
        int before = server.getRequestCount();

        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> CliRun.of(cluster.args("rollout", "status", "hello", "--watch")));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.getRequestCount() > before);
        assertThat(watch).as("a Progressing rollout is watched on").isNotDone();
        cluster.setStatus(hello, ended(hello.getStatus(), RolloutPhase.Succeeded, "hello-00003 took 100 %"));
        CliRun run = watch.join();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("Progressing", "---", "Succeeded", "hello-00003 took 100 %");
    }

    @Test
    void watchEndsNonZeroWhenTheRolloutIsRolledBack() {
        Function hello = rollingOut(RolloutPhase.Progressing, "waiting");
        int before = server.getRequestCount();

        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> CliRun.of(cluster.args("rollout", "status", "hello", "--watch")));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.getRequestCount() > before);
        cluster.setStatus(hello, ended(hello.getStatus(), RolloutPhase.RolledBack, "error rate 5.2 % > 1 % at step 2 (25 %)"));
        CliRun run = watch.join();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("RolledBack");
        assertThat(run.err()).contains("the rollout of hello-00003 of hello ended RolledBack: error rate 5.2 % > 1 %",
                "all traffic is back on hello-00002");
    }

    @Test
    void promotePatchesTheCommandAnnotationAndPrintsWhatTheControllerMadeOfIt() {
        Function hello = rollingOut(RolloutPhase.Paused, "analysis failed; paused");

        CompletableFuture<CliRun> promote = CompletableFuture.supplyAsync(
                () -> CliRun.of(cluster.args("rollout", "promote", "hello", "--timeout", "30")));
        // Stand in for the controller: act on the annotation and record it as acted on.
        await().atMost(Duration.ofSeconds(20)).until(() -> command(cluster.function("hello")) != null);
        Function annotated = cluster.function("hello");
        String command = command(annotated);
        FunctionStatus after = ended(annotated.getStatus(), RolloutPhase.Succeeded, "promoted by hand: hello-00003 took 100 %");
        after.rollout.command = command;
        cluster.setStatus(annotated, after);
        CliRun run = promote.join();

        assertThat(run.exitCode()).as(run.err()).isZero();
        RolloutProgress.Command parsed = RolloutProgress.Command.parse(command);
        assertThat(parsed).isEqualTo(new RolloutProgress.Command("promote", "hello-00003"));
        assertThat(command.split(" ")).as("a fresh id makes each command new").hasSize(3);
        assertThat(annotated.getSpec()).as("only the annotation is written").isEqualTo(hello.getSpec());
        assertThat(run.out()).contains("Promoted the rollout of hello-00003 of hello", "Succeeded",
                "promoted by hand: hello-00003 took 100 %");
    }

    @Test
    void abortThatTheControllerHasNotActedOnSaysItWill() {
        rollingOut(RolloutPhase.Progressing, "waiting");

        CliRun run = CliRun.of(cluster.args("rollout", "abort", "hello", "--timeout", "0"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(RolloutProgress.Command.parse(command(cluster.function("hello"))))
                .isEqualTo(new RolloutProgress.Command("abort", "hello-00003"));
        assertThat(run.out()).contains("Asked the controller to abort the rollout of hello-00003",
                "will when it next reconciles hello");
    }

    @Test
    void abortIsRefusedWhenTheRolloutHasEndedAndNothingIsWritten() {
        rollingOut(RolloutPhase.RolledBack, "aborted");

        CliRun run = CliRun.of(cluster.args("rollout", "abort", "hello"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot abort hello: no rollout runs; the last one, of hello-00003, ended RolledBack");
        assertThat(command(cluster.function("hello"))).isNull();
    }

    @Test
    void promoteIsRefusedWhenNoRolloutHasRun() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00001")));

        CliRun run = CliRun.of(cluster.args("rollout", "promote", "hello"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot promote: hello has no rollout (spec.rollout is not set)");
        assertThat(command(cluster.function("hello"))).isNull();
    }

    @Test
    void describeShowsThePlanAndTheRollout() {
        rollingOut(RolloutPhase.Progressing, "waiting for requests: 12 of 20");

        CliRun run = CliRun.of(cluster.args("describe", "hello"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("Traffic:", "Rollout:", "Canary: 10% for 30s, 25% for 30s, 100%",
                "hello-00003 (stable hello-00002)", "Progressing, step 2 of 3 at 25 %", "waiting for requests: 12 of 20",
                "Decisions:", "Passed", "Conditions:");
    }

    @Test
    void trafficSetsAndRemovesStickinessInTheSameWriteAsTheSplit() {
        cluster.createWithStatus(Fixtures.function("hello", Fixtures.readyOn("hello-00002"),
                Fixtures.serving(TrafficTarget.revision("hello-00002", 100))));

        CliRun sticky = CliRun.of(cluster.args("traffic", "hello", "2=90", "1=10", "--sticky-cookie", "quiver-split"));
        Function afterSticky = cluster.function("hello");
        CliRun byHeader = CliRun.of(cluster.args("traffic", "hello", "2=90", "1=10", "--sticky-header", "x-user"));
        Function afterHeader = cluster.function("hello");
        CliRun plain = CliRun.of(cluster.args("traffic", "hello", "2=80", "1=20"));
        Function afterPlain = cluster.function("hello");
        CliRun none = CliRun.of(cluster.args("traffic", "hello", "2=100", "--no-sticky"));

        assertThat(sticky.exitCode()).as(sticky.err()).isZero();
        assertThat(afterSticky.getSpec().sticky).isEqualTo(StickySplit.byCookie("quiver-split"));
        assertThat(sticky.out()).contains("Sticky: each user stays on one revision by cookie quiver-split");
        assertThat(afterHeader.getSpec().sticky).isEqualTo(StickySplit.byHeader("x-user"));
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(afterPlain.getSpec().sticky).as("kept without a sticky option").isEqualTo(StickySplit.byHeader("x-user"));
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(cluster.function("hello").getSpec().sticky).isNull();
        assertThat(cluster.function("hello").getSpec().traffic).containsExactly(TrafficTarget.revision("hello-00002", 100));
    }

    @Test
    void twoStickyOptionsAreABadCommandLine() {
        CliRun run = CliRun.of(cluster.args("traffic", "hello", "2=100", "--sticky-cookie", "a", "--no-sticky"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("give one of --sticky-cookie, --sticky-header and --no-sticky");
    }

    private static String command(Function function) {
        return function.getMetadata().getAnnotations() == null ? null
                : function.getMetadata().getAnnotations().get(RolloutProgress.COMMAND_ANNOTATION);
    }

    private static FunctionStatus ended(FunctionStatus status, RolloutPhase phase, String message) {
        FunctionStatus copy = ApiJson.copy(status, FunctionStatus.class);
        copy.rollout.phase = phase;
        copy.rollout.message = message;
        copy.rollout.currentWeight = phase == RolloutPhase.Succeeded ? 100 : 0;
        return copy;
    }
}
