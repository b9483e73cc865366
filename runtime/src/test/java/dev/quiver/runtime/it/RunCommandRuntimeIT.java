package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.local.PythonFunction;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The built runtime with the local platform and functions that set {@code spec.run} instead of being built with
 * Maven: a Python http.server serving {@code $PORT}, and a command that exits at once. No Maven build runs here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCommandRuntimeIT {

    private static final Duration READY = Duration.ofSeconds(60);

    private static LocalRuntimeProcess runtime;

    @BeforeAll
    static void startRuntime() throws Exception {
        runtime = LocalRuntimeProcess.start(List.of(), Map.of(
                "quiver.local.retention", "0s",
                "quiver.local.readiness-deadline", "30s"));
        // Source first, function.yaml last: the runtime makes a function of a folder once function.yaml is there.
        PythonFunction.write(runtime.functionsDir.resolve("py"), "hello");
        writeFunction("py", PythonFunction.RUN);
        Files.createDirectories(runtime.functionsDir.resolve("broken"));
        writeFunction("broken", "echo 'no config file, giving up' >&2; exit 3");
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static void writeFunction(String name, String run) throws IOException {
        writeFunction(runtime.functionsDir.resolve(name), name, run);
    }

    private static void writeFunction(Path folder, String name, String run) throws IOException {
        Files.writeString(folder.resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: %s
                spec:
                  run: "%s"
                  template:
                    scale: {min: 0, max: 2}
                """.formatted(name, run.replace("\"", "\\\"")));
    }

    private static void awaitServedBy(String revision) {
        runtime.await("requests to reach " + revision, READY, () -> runtime.invoke("/fn/py", Map.of(), "{}"),
                response -> response.statusCode() == 200 && response.body().startsWith(revision + " "));
    }

    @Test
    @Order(1)
    void aRunFunctionAnswersThroughTheGatewayAndIsProbedByATcpConnect() {
        runtime.await("py to be Ready", READY, () -> runtime.admin("/v1/functions/py"),
                fn -> "True".equals(RuntimeJson.condition(fn, "Ready")));

        HttpResponse<String> response = runtime.invoke("/fn/py", Map.of(), "{}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("py-00001 hello");
        JsonNode revision = runtime.revision("py", "py-00001");
        assertThat(revision.path("status").path("probes").asText()).isEqualTo("readiness TCP connect to $PORT, "
                + "liveness TCP connect to $PORT (default: the app serves no known health endpoint)");
        assertThat(revision.path("spec").path("defaultProbe").asText()).isEqualTo("Tcp");
    }

    @Test
    @Order(2)
    void editingASourceFileMakesANewRevisionThatServes() throws IOException {
        Files.writeString(runtime.functionsDir.resolve("py").resolve("greeting.txt"), "bonjour\n");

        awaitServedBy("py-00002");

        assertThat(runtime.invoke("/fn/py", Map.of(), "{}").body()).isEqualTo("py-00002 bonjour");
    }

    @Test
    @Order(3)
    void aCommandThatExitsFailsItsRevisionWithTheExitCodeTheProbeAndItsLog() {
        JsonNode revision = runtime.await("broken-00001 to fail", READY, () -> runtime.revision("broken", "broken-00001"),
                rev -> rev != null && "False".equals(RuntimeJson.condition(rev, "Ready")));

        String message = revision.toString();
        assertThat(message).contains("ReadinessFailed")
                .contains("exited with code 3 before it passed readiness (TCP connect to $PORT)")
                .contains("no config file, giving up");
    }

    @Test
    @Order(4)
    void aFunctionsFolderThatIsOneFunctionServesThatFunction() throws IOException {
        // What `quiver dev DIR` does for a folder made by `quiver new`: the runtime serves that folder itself.
        Path alone = Files.createTempDirectory("quiver-alone-").resolve("solo");
        PythonFunction.write(alone, "alone");
        writeFunction(alone, "solo", PythonFunction.RUN);
        LocalRuntimeProcess single = LocalRuntimeProcess.start(List.of(), Map.of(
                "quiver.local.functions-dir", alone.toString(), "quiver.local.retention", "0s"));
        try {
            HttpResponse<String> response = single.await("solo to answer", READY,
                    () -> single.invoke("/fn/solo", Map.of(), "{}"), r -> r.statusCode() == 200);

            assertThat(response.body()).isEqualTo("solo-00001 alone");
            assertThat(alone.resolve(".quiver")).as("the work files stay in the function's folder").isDirectory();
        } finally {
            single.close();
        }
    }
}
