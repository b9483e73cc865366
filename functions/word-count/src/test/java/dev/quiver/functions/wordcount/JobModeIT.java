package dev.quiver.functions.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.functions.sdk.testing.FunctionProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Job mode of the SDK on the real built jar: one invocation, then an exit code that says how it went. */
class JobModeIT {

    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void aJobAnswersItsOneEventAndExitsZeroAfterA2xx() throws Exception {
        try (FunctionProcess job = FunctionProcess.start("job-ok-it", Map.of("QUIVER_MODE", "Job"))) {
            job.awaitReady(START);
            // Health checks are not invocations: the job is still there after them.
            assertThat(job.get("/health/ready").statusCode()).isEqualTo(200);

            HttpResponse<String> reply = job.post("/", "{\"text\":\"to be or not to be\"}");

            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).contains("\"words\":6").contains("\"distinct\":4");
            assertThat(job.process().waitFor(30, TimeUnit.SECONDS)).as("the job exited").isTrue();
            assertThat(job.process().exitValue()).isZero();
        }
    }

    @Test
    void aJobWhoseEventIsRejectedExitsOne() throws Exception {
        try (FunctionProcess job = FunctionProcess.start("job-bad-it", Map.of("QUIVER_MODE", "Job"))) {
            job.awaitReady(START);

            HttpResponse<String> reply = job.post("/", "{\"words\":\"no text field\"}");

            assertThat(reply.statusCode()).isEqualTo(400);
            assertThat(job.process().waitFor(30, TimeUnit.SECONDS)).as("the job exited").isTrue();
            assertThat(job.process().exitValue()).isEqualTo(1);
        }
    }

    @Test
    void aJobWithQuiverEventInvokesItselfOnceReadyAndExits() throws Exception {
        try (FunctionProcess job = FunctionProcess.start("job-self-it", Map.of("QUIVER_MODE", "Job",
                "QUIVER_EVENT", "{\"text\":\"tick tock tick\"}"))) {
            assertThat(job.process().waitFor(60, TimeUnit.SECONDS)).as("the job exited on its own").isTrue();

            assertThat(job.process().exitValue()).isZero();
            assertThat(Files.readString(job.log())).contains("scheduled invocation answered 200")
                    .contains("\"words\":3");
        }
    }

    @Test
    void aJobWithAnInvalidQuiverEventExitsOne() throws Exception {
        try (FunctionProcess job = FunctionProcess.start("job-self-bad-it", Map.of("QUIVER_MODE", "Job",
                "QUIVER_EVENT", "{\"nothing\":true}"))) {
            assertThat(job.process().waitFor(60, TimeUnit.SECONDS)).as("the job exited on its own").isTrue();

            assertThat(job.process().exitValue()).isEqualTo(1);
        }
    }
}
