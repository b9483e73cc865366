package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import dev.quiver.cli.fake.FakeQuiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static org.assertj.core.api.Assertions.assertThat;

/** quiver invoke --async over real HTTP against a fake gateway on loopback. */
class AsyncInvokeIT {

    private static final String QUEUED = "{\"id\":\"inv-1\",\"function\":\"link-checker\",\"status\":\"queued\",\"attempts\":0}";
    private static final String RUNNING = "{\"id\":\"inv-1\",\"function\":\"link-checker\",\"status\":\"running\",\"attempts\":1}";

    private FakeQuiver fake;

    @BeforeEach
    void startFake() throws Exception {
        fake = FakeQuiver.start().with(function("link-checker", readyOn("link-checker-00001")));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void asyncCallAsksForRespondAsyncAndPrintsTheIdAndStatusLocation() {
        fake.acceptAsync(QUEUED);

        CliRun run = CliRun.of("invoke", "link-checker", "--data", "{\"Username\":\"gigi\"}", "--async", "--url", fake.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("id: inv-1\nlocation: " + fake.url() + "/invocations/inv-1\n");
        FakeQuiver.Received request = fake.received().get(0);
        assertThat(request.path()).isEqualTo("/fn/link-checker");
        assertThat(request.headers().get("Prefer")).containsExactly("respond-async");
        assertThat(request.body()).isEqualTo("{\"Username\":\"gigi\"}");
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void waitPollsUntilTheCallSucceededAndPrintsTheFunctionsResponse() {
        fake.acceptAsync(QUEUED, RUNNING, "{\"id\":\"inv-1\",\"status\":\"succeeded\",\"attempts\":1,"
                + "\"response\":{\"status\":200,\"headers\":{\"content-type\":\"application/json\",\"x-quiver-revision\":\"link-checker-00001\"},\"body\":\"{\\\"Status\\\":\\\"valid\\\"}\"}}");

        CliRun run = CliRun.of("invoke", "link-checker", "--data", "{}", "--async", "--wait", "-v", "--url", fake.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("{\"Status\":\"valid\"}\n");
        assertThat(run.err()).containsSubsequence("inv-1: queued", "inv-1: running (attempts: 1)",
                "inv-1: succeeded (attempts: 1)");
        assertThat(fake.received()).extracting(FakeQuiver.Received::path)
                .containsExactly("/fn/link-checker", "/invocations/inv-1", "/invocations/inv-1", "/invocations/inv-1");
    }

    @Test
    void binaryResponseBodyIsDecoded() {
        String base64 = Base64.getEncoder().encodeToString("plain bytes".getBytes(StandardCharsets.UTF_8));
        fake.acceptAsync("{\"id\":\"inv-1\",\"status\":\"succeeded\",\"response\":{\"status\":200,\"bodyBase64\":\""
                + base64 + "\"}}");

        CliRun run = CliRun.of("invoke", "link-checker", "--async", "--wait", "--url", fake.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("plain bytes\n");
    }

    @Test
    void failedCallPrintsTheLastAnswerAndWhyAndFailsTheCommand() {
        fake.acceptAsync(RUNNING, "{\"id\":\"inv-1\",\"status\":\"failed\",\"attempts\":3,\"error\":\"the function "
                + "answered 500 three times\",\"response\":{\"status\":500,\"body\":\"{\\\"error\\\":\\\"PublishFailed\\\"}\"}}");

        CliRun run = CliRun.of("invoke", "link-checker", "--async", "--wait", "--url", fake.url());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).isEqualTo("{\"error\":\"PublishFailed\"}\n");
        assertThat(run.err()).isEqualTo("Error: invocation inv-1 of link-checker failed after 3 attempt(s), last answer "
                + "HTTP 500: the function answered 500 three times\n");
    }

    @Test
    void waitGivesUpAfterTheTimeoutAndSaysWhereTheStatusIs() {
        fake.acceptAsync(QUEUED);

        CliRun run = CliRun.of("invoke", "link-checker", "--async", "--wait", "--wait-timeout", "300ms", "--url", fake.url());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("invocation inv-1 is still queued", fake.url() + "/invocations/inv-1");
    }

    @Test
    void gatewayWithoutAsyncSupportAnswersAtOnceAndTheCommandSaysSo() {
        CliRun run = CliRun.of("invoke", "link-checker", "--data", "{}", "--async", "--url", fake.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("{\"echo\":{},\"method\":\"POST\"}\n");
        assertThat(run.err()).contains("answered at once (HTTP 200)", "synchronously");
    }

    @Test
    void waitWithoutAsyncIsAUsageError() {
        CliRun run = CliRun.of("invoke", "link-checker", "--wait", "--url", fake.url());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--wait needs --async");
        assertThat(fake.received()).isEmpty();
    }
}
