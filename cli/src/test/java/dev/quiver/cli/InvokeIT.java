package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import dev.quiver.cli.fake.FakeQuiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static org.assertj.core.api.Assertions.assertThat;

/** quiver invoke over real HTTP against a fake gateway on loopback. */
class InvokeIT {

    private FakeQuiver fake;

    @BeforeEach
    void startFake() throws Exception {
        fake = FakeQuiver.start().with(function("hello", readyOn("hello-00002")));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void dataIsPostedAsJsonAndTheBodyPrinted() {
        CliRun run = CliRun.of("invoke", "hello", "--data", "{\"name\":\"Ada\"}", "--url", fake.url());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("{\"echo\":{\"name\":\"Ada\"},\"method\":\"POST\"}\n");
        assertThat(run.err()).isEmpty();
        FakeQuiver.Received request = fake.received().get(0);
        assertThat(request.path()).isEqualTo("/fn/hello");
        assertThat(request.headers().get("Content-type")).containsExactly("application/json");
    }

    @Test
    void verboseShowsStatusAndServingRevision() {
        CliRun run = CliRun.of("invoke", "hello", "-v", "--url", fake.url());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("HTTP 200  X-Quiver-Revision: hello-00002\n");
        assertThat(run.out()).contains("\"method\":\"GET\"");
    }

    @Test
    void tagPathAndHeadersShapeTheRequest() {
        CliRun run = CliRun.of("invoke", "hello", "--tag", "stable", "--path", "greet/ada", "--header", "x-group=test",
                "--url", fake.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeQuiver.Received request = fake.received().get(0);
        assertThat(request.path()).isEqualTo("/fn/hello@stable/greet/ada");
        assertThat(request.headers().get("X-group")).containsExactly("test");
    }

    @Test
    void namespaceIsNamedInThePath() {
        CliRun run = CliRun.of("invoke", "hello", "--namespace", "quiver-dev", "--tag", "stable", "--path", "a",
                "--url", fake.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fake.received().get(0).path()).isEqualTo("/fn/quiver-dev/hello@stable/a");
    }

    @Test
    void dataFromAFileIsSent(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("request.json"), "{\"name\":\"Grace\"}");

        CliRun run = CliRun.of("invoke", "hello", "--data", "@" + file, "--url", fake.url());

        assertThat(fake.lastBody("POST")).isEqualTo("{\"name\":\"Grace\"}");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void missingDataFileIsAUsageError() {
        CliRun run = CliRun.of("invoke", "hello", "--data", "@/no/such/file.json", "--url", fake.url());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no such file /no/such/file.json");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void errorResponseIsPrintedAndFailsTheCommand() {
        CliRun run = CliRun.of("invoke", "nope", "--url", fake.url());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("\"error\":\"NotFound\"");
        assertThat(run.err()).isEqualTo("Error: nope answered 404\n");
    }

    @Test
    void noGatewaySaysHowToStartOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.of("invoke", "hello", "--url", "http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(run.err()).contains("no Quiver gateway at http://127.0.0.1:" + closedPort, "./quiver dev");
    }
}
