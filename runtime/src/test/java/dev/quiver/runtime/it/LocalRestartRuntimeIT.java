package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.local.PythonFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local runtime restarted on the same folder, after a graceful stop and after SIGKILL: the replicas of the run
 * before never outlive it (frozen ones included), and its revisions, their names and the traffic set through the admin
 * API are what they were. Uses a Python {@code run:} function, so no Maven build runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRestartRuntimeIT {

    private static final Duration READY = Duration.ofSeconds(60);
    /** Retention stays long (the default): a replica of a revision that loses its traffic is frozen, not ended. */
    private static final Map<String, String> SETTINGS = Map.of("quiver.local.readiness-deadline", "30s");

    private static LocalRuntimeProcess runtime;

    @BeforeAll
    static void startRuntime() throws Exception {
        runtime = LocalRuntimeProcess.start(List.of(), SETTINGS);
        Path folder = PythonFunction.write(runtime.functionsDir.resolve("py"), "hello");
        Files.writeString(folder.resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: py
                spec:
                  run: "%s"
                  template:
                    scale: {min: 0, max: 2}
                """.formatted(PythonFunction.RUN));
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static void awaitAnswer(String body) {
        runtime.await("py to answer '" + body + "'", READY, () -> runtime.invoke("/fn/py", Map.of(), "{}"),
                response -> response.statusCode() == 200 && response.body().equals(body));
    }

    private static void greet(String greeting) throws IOException {
        Files.writeString(runtime.functionsDir.resolve("py").resolve("greeting.txt"), greeting + "\n");
    }

    /** Whether the process is stopped by a signal (state T in /proc), as a frozen replica is. */
    private static boolean stopped(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertServesPinnedFirstRevision() {
        List<String> revisions = runtime.await("py's revisions", READY, () -> runtime.revisions("py"),
                names -> !names.isEmpty());
        assertThat(revisions).containsExactly("py-00001", "py-00002");
        awaitAnswer("py-00001 hello");
        assertThat(runtime.admin("/v1/functions/py").path("status").path("traffic").toString())
                .contains("py-00001").doesNotContain("py-00002");
    }

    @Test
    @Order(1)
    void aRuntimeKilledWithSigkillLeavesNoReplicaRunningOnceItStartsAgain() throws Exception {
        awaitAnswer("py-00001 hello");
        greet("bonjour");
        awaitAnswer("py-00002 bonjour");
        assertThat(runtime.putTraffic("py", "[{\"revisionName\": \"py-00001\", \"percent\": 100}]").statusCode())
                .isEqualTo(200);
        awaitAnswer("py-00001 hello");
        // py-00002 lost its traffic: its replica is drained to zero and kept frozen.
        List<ProcessHandle> before = runtime.await("a live and a frozen replica", READY, runtime::functionProcesses,
                processes -> processes.stream().anyMatch(LocalRestartRuntimeIT::stopped)
                        && processes.stream().anyMatch(p -> !stopped(p)));

        runtime.killRuntimeOnly();
        assertThat(before).as("kill -9 of the runtime alone leaves its replicas").allMatch(ProcessHandle::isAlive);
        runtime.startAgain();
        runtime.await("py to answer again", READY, () -> runtime.invoke("/fn/py", Map.of(), "{}"),
                response -> response.statusCode() == 200);

        assertThat(before).as("the replicas of the killed run, frozen one included").noneMatch(ProcessHandle::isAlive);
    }

    @Test
    @Order(2)
    void revisionsAndTrafficSetThroughTheAdminApiSurviveSigkill() {
        assertServesPinnedFirstRevision();
    }

    @Test
    @Order(3)
    void aNewReplicaOfARestoredRevisionWritesANewLogFile() throws IOException {
        Path logs = runtime.functionsDir.resolve(".quiver").resolve("logs").resolve("py");

        try (Stream<Path> files = Files.list(logs)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("py-00001-")))
                    .hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(Files.readString(logs.resolve("py-00001-1.log"))).as("the first run's replica alone")
                .containsOnlyOnce("python function on port");
    }

    @Test
    @Order(4)
    void revisionsAndTrafficSurviveAGracefulRestart() throws IOException {
        runtime.restart(SETTINGS);

        assertServesPinnedFirstRevision();
    }

    @Test
    @Order(5)
    void anEditAfterARestartMakesTheNextRevisionNumber() throws IOException {
        greet("hola");

        runtime.await("py-00003", READY, () -> runtime.revisions("py"), names -> names.contains("py-00003"));
        assertThat(runtime.revisions("py")).containsExactly("py-00001", "py-00002", "py-00003");
        awaitAnswer("py-00001 hello");
    }
}
