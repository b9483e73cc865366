package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built runtime with the local platform running the Job-mode sample: its schedule fires through the
 * scheduler, the event runs as a job process, and the admin API lists the job's result.
 */
class JobModeRuntimeIT {

    private static final Duration FIRST_BUILD = Duration.ofMinutes(5);
    /** A schedule that fires every minute fires within this, with room for a job's start on a busy machine. */
    private static final Duration FIRST_FIRE = Duration.ofSeconds(150);

    private static LocalRuntimeProcess runtime;

    @BeforeAll
    static void startRuntime() throws Exception {
        runtime = LocalRuntimeProcess.start(List.of("word-count"), Map.of(
                "quiver.local.retention", "0s",
                "quiver.local.readiness-deadline", "60s"));
        // Every minute instead of the sample's every hour, so that the test sees a fire.
        runtime.writeFunctionYaml("word-count", """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: word-count
                spec:
                  mode: Job
                  template:
                    timeoutSeconds: 60
                    scale: {min: 0, max: 2}
                  triggers:
                    schedule:
                      - {cron: "* * * * *", data: '{"text": "one two two"}'}
                """);
        runtime.await("word-count to be Ready", FIRST_BUILD, () -> runtime.admin("/v1/functions/word-count"),
                fn -> "True".equals(RuntimeJson.condition(fn, "Ready"))
                        && "Job".equals(fn.path("spec").path("mode").asText()));
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aScheduleRunsTheJobModeFunctionAsAJobWhoseResultTheAdminApiLists() {
        JsonNode jobs = runtime.await("a scheduled job's result", FIRST_FIRE,
                () -> runtime.admin("/v1/functions/word-count/jobs"), body -> body.path("results").size() > 0);

        assertThat(jobs.path("function").asText()).isEqualTo("word-count");
        assertThat(jobs.path("cap").asInt()).isEqualTo(2);
        JsonNode result = jobs.path("results").get(0);
        assertThat(result.path("error").isNull()).as(result.toString()).isTrue();
        assertThat(result.path("status").asInt()).isEqualTo(200);
        assertThat(result.path("exitCode").asInt()).isZero();
        assertThat(result.path("revision").asText()).startsWith("word-count-0000");
        assertThat(result.path("output").asText()).contains("\"words\":3").contains("\"word\":\"two\",\"count\":2");
        assertThat(result.path("durationMillis").asLong()).isPositive();
        assertThat(result.path("finishedAt").asText()).isNotBlank();
    }

    @Test
    void jobsOfAFunctionThatDoesNotExistAreA404() {
        assertThat(runtime.adminText("/v1/functions/nothing-here/jobs").statusCode()).isEqualTo(404);
    }
}
