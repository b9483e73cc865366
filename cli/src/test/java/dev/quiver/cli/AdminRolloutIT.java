package dev.quiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.TrafficTarget;
import dev.quiver.cli.fake.CliRun;
import dev.quiver.cli.fake.FakeQuiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static dev.quiver.api.testing.Fixtures.canary;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static dev.quiver.api.testing.Fixtures.rollingOut;
import static dev.quiver.api.testing.Fixtures.serving;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** quiver rollout over real HTTP against a fake admin API on loopback, as a quiver dev runtime serves it. */
class AdminRolloutIT {

    private FakeQuiver fake;

    @BeforeEach
    void startFake() throws Exception {
        fake = FakeQuiver.start().with(hello(RolloutPhase.Paused, "analysis failed at step 2; paused"));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private static Function hello(RolloutPhase phase, String message) {
        return function("hello", readyOn("hello-00003"), canary(10, 25),
                rollingOut("hello-00003", "hello-00002", phase, message));
    }

    private CliRun quiver(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--admin-url=" + fake.url();
        return CliRun.of(all);
    }

    @Test
    void promotePostsTheActionAndPrintsTheRuntimesMessage() throws Exception {
        fake.answerRollout(200, ApiJson.toJson(hello(RolloutPhase.Succeeded, "promoted by hand: hello-00003 has 100 %")));

        CliRun run = quiver("rollout", "promote", "hello");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeQuiver.Received post = fake.received().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertThat(post.path()).isEqualTo("/v1/functions/hello/rollout");
        JsonNode body = ApiJson.json().readTree(post.body());
        assertThat(body.path("action").asText()).isEqualTo("promote");
        assertThat(run.out()).contains("Promoted the rollout of hello-00003 of hello", "Succeeded",
                "promoted by hand: hello-00003 has 100 %");
    }

    @Test
    void abortThatTheRuntimeAnswersWithNoRolloutRunningPrintsItsMessageAndFails() {
        fake.answerRollout(409, "{\"error\":\"NoRolloutRunning\",\"message\":\"the rollout of hello-00003 has ended: Succeeded\"}");

        CliRun run = quiver("rollout", "abort", "hello");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("the rollout of hello-00003 has ended: Succeeded", "NoRolloutRunning");
        assertThat(fake.lastBody("POST")).contains("\"abort\"");
    }

    @Test
    void promoteOfAnUnknownFunctionSaysSo() {
        fake.answerRollout(200, "{}");

        CliRun run = quiver("rollout", "promote", "nope");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("function nope not found");
    }

    @Test
    void aRuntimeWithoutTheRolloutRouteIsNamedAsTooOld() {
        CliRun run = quiver("rollout", "promote", "hello");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("does not take rollout commands", "is it older than this quiver?");
    }

    @Test
    void abortIsRefusedBeforeAnyPostWhenTheRolloutHasEnded() {
        fake.with(hello(RolloutPhase.SmokeTestFailed, "the smoke test failed"));
        fake.answerRollout(200, "{}");

        CliRun run = quiver("rollout", "abort", "hello");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot abort hello: no rollout runs", "ended SmokeTestFailed");
        assertThat(fake.received()).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void watchEndsNonZeroWhenTheSmokeTestFails() {
        fake.with(hello(RolloutPhase.SmokeTesting, "sending the smoke test"));

        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(() -> quiver("rollout", "status", "hello", "--watch"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !fake.received().isEmpty());
        fake.with(hello(RolloutPhase.SmokeTestFailed, "GET /healthz answered 500, expected 200"));
        CliRun run = watch.join();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).containsSubsequence("SmokeTesting", "---", "SmokeTestFailed");
        assertThat(run.err()).contains("ended SmokeTestFailed: GET /healthz answered 500", "never received user traffic");
    }

    @Test
    void statusAsYamlIsNullWithoutARollout() {
        fake.with(function("plain", readyOn("plain-00001")));

        CliRun run = quiver("rollout", "status", "plain", "-o", "yaml");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("null\n");
    }

    @Test
    void stickyOptionsAreRefusedByADevRuntimeWithoutChangingTheTraffic() {
        fake.with(function("plain", readyOn("plain-00001"), serving(TrafficTarget.revision("plain-00001", 100))));

        CliRun run = quiver("traffic", "plain", "1=100", "--sticky-header", "x-user");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot change spec.sticky", "function.yaml");
        assertThat(fake.received()).noneMatch(r -> r.method().equals("PUT"));
    }
}
