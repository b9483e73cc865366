package dev.quiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.TrafficTarget;
import dev.quiver.cli.fake.CliRun;
import dev.quiver.cli.fake.FakeQuiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

import static dev.quiver.api.testing.Fixtures.failed;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static dev.quiver.api.testing.Fixtures.ready;
import static dev.quiver.api.testing.Fixtures.revision;
import static dev.quiver.api.testing.Fixtures.serving;
import static org.assertj.core.api.Assertions.assertThat;

/** list, describe, traffic, rollback and logs over real HTTP against a fake admin API on loopback. */
class AdminCommandsIT {

    private FakeQuiver fake;

    @BeforeEach
    void startFake() throws Exception {
        fake = FakeQuiver.start().with(
                function("hello", readyOn("hello-00003"),
                        serving(TrafficTarget.revision("hello-00003", 90), TrafficTarget.revision("hello-00001", 10).withTag("stable"))),
                revision("hello", 1, ready(1)),
                revision("hello", 2, failed("ContainerUnhealthy", "readiness probe failed")),
                revision("hello", 3, ready(2)));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private CliRun quiver(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--admin-url=" + fake.url();
        return CliRun.of(all);
    }

    @Test
    void listPrintsATableOfFunctions() {
        CliRun run = quiver("list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsSubsequence("NAME", "READY", "LATEST", "TRAFFIC", "URL",
                "hello", "True", "hello-00003", "hello-00003=90% hello-00001=10%");
    }

    @Test
    void listAsJsonIsTheApiObjects() throws Exception {
        CliRun run = quiver("list", "-o", "json");

        JsonNode items = ApiJson.json().readTree(run.out()).get("items");
        Function hello = ApiJson.json().treeToValue(items.get(0), Function.class);
        assertThat(hello.getStatus().latestReadyRevisionName).isEqualTo("hello-00003");
    }

    @Test
    void describeAsYamlIsTheFunction() {
        CliRun run = quiver("describe", "hello", "-o", "yaml");

        assertThat(ApiJson.fromYaml(run.out(), Function.class).getMetadata().getName()).isEqualTo("hello");
    }

    @Test
    void describeShowsRevisionsTrafficAndConditions() {
        CliRun run = quiver("describe", "hello");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsSubsequence("hello-00003", "True", "2/2", "hello-00002", "False", "ContainerUnhealthy",
                "Traffic:", "hello-00003", "90%", "hello-00001", "10%", "stable", "Conditions:", "Ready");
    }

    @Test
    void describeOfAnUnknownFunctionReportsTheRuntimesMessage() {
        CliRun run = quiver("describe", "nope");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("Error: function nope not found (NotFound)");
    }

    @Test
    void trafficPutsTheTargetsItBuilt() throws Exception {
        CliRun run = quiver("traffic", "hello", "3=80", "@latest=20", "--tag", "stable=1",
                "--route-header", "x-group=test:hello-00002");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<TrafficTarget> sent = List.of(ApiJson.json().readValue(fake.lastBody("PUT"), TrafficTarget[].class));
        assertThat(sent).hasSize(4);
        assertThat(sent.get(0)).isEqualTo(TrafficTarget.revision("hello-00003", 80));
        assertThat(sent.get(1)).isEqualTo(TrafficTarget.latest(20));
        assertThat(sent.get(2).match.headers.get("x-group").exact).isEqualTo("test");
        assertThat(sent.get(3)).isEqualTo(TrafficTarget.revision("hello-00001", 0).withTag("stable"));
        assertThat(fake.received()).anyMatch(r -> r.method().equals("PUT") && r.path().equals("/v1/functions/hello/traffic"));
        assertThat(run.out()).contains("Traffic of hello updated.").containsSubsequence("hello-00003", "80%");
    }

    @Test
    void percentsNotSummingTo100AreReportedWithTheValidatorsProblems() {
        fake.rejectTraffic(400, """
                {"error":"InvalidTraffic","message":"the traffic of hello is not valid",
                 "problems":[{"path":"spec.traffic","message":"the percents of the traffic targets without a match rule must sum to 100, not 90"}]}
                """);

        CliRun run = quiver("traffic", "hello", "3=80", "1=10");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("Error: the runtime refused the traffic of hello: the traffic of hello is not valid (InvalidTraffic)",
                "  - spec.traffic: the percents of the traffic targets without a match rule must sum to 100, not 90");
    }

    @Test
    void rollbackSendsAllTrafficToTheNewestOlderReadyRevision() throws Exception {
        CliRun run = quiver("rollback", "hello");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(List.of(ApiJson.json().readValue(fake.lastBody("PUT"), TrafficTarget[].class)))
                .containsExactly(TrafficTarget.revision("hello-00001", 100));
        assertThat(run.out()).contains("Rolled back hello: all traffic now goes to hello-00001",
                "the newest revision serving before was hello-00003");
    }

    @Test
    void rollbackToARevisionThatIsNotReadyChangesNothing() {
        CliRun run = quiver("rollback", "hello", "2");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("hello-00002 is not ready (ContainerUnhealthy: readiness probe failed)");
        assertThat(fake.received()).noneMatch(r -> r.method().equals("PUT"));
    }

    @Test
    void logsAskForTheRevisionGiven() {
        CliRun run = quiver("logs", "hello", "--revision", "hello-00003");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("log of revision=hello-00003\n");
    }

    @Test
    void logsTailKeepsTheLastLinesOfEachReplica() {
        fake.answerLogs("==> hello-00003-0.log <==\nstarting\nlistening\n==> hello-00003-1.log <==\nstarting\nready\n");

        CliRun run = quiver("logs", "hello", "--tail", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("==> hello-00003-0.log <==\nlistening\n==> hello-00003-1.log <==\nready\n");
    }

    @Test
    void logsSinceIsRefusedLocallyWithTheWayOut() {
        CliRun run = quiver("logs", "hello", "--since", "10m");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--since", "--tail N");
    }

    @Test
    void completionNamesComeFromTheRuntime() {
        assertThat(quiver("__complete", "functions").out()).isEqualTo("hello\n");
        assertThat(quiver("__complete", "revisions", "hello").out()).isEqualTo("hello-00001\nhello-00002\nhello-00003\n");
    }

    @Test
    void completionNamesAreEmptyAndQuietWhenNoRuntimeAnswers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.of("__complete", "functions", "--admin-url=http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyAdminCommandSaysHowToStartARuntimeWhenNoneRuns() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "--admin-url=http://127.0.0.1:" + closedPort;
        for (String[] args : List.of(new String[] {"list", url}, new String[] {"describe", "hello", url},
                new String[] {"traffic", "hello", "@latest=100", url}, new String[] {"rollback", "hello", url})) {
            CliRun run = CliRun.of(args);

            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.NOT_RUNNING);
            assertThat(run.err()).isEqualTo("Error: no Quiver runtime at http://127.0.0.1:" + closedPort
                    + ": start one with ./quiver dev (or pass --admin-url)\n");
        }
    }
}
