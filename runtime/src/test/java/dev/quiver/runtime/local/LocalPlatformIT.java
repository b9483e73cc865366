package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;
import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.RevisionRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local platform with real child processes (a tiny function that keeps the contract). */
class LocalPlatformIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;
    private LocalPlatform platform;
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startPlatform() {
        JavaHome ownJdk = new JavaHome(Path.of(System.getProperty("java.home")), Runtime.version().feature());
        LocalSettings settings = new LocalSettings(work, work.resolve(".quiver"), ownJdk, Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMinutes(5), "http://localhost:0", true, Optional.empty());
        platform = new LocalPlatform(settings);
        platform.addReplicaListener(new ReplicaListener() {
            @Override
            public void replicaReady(RevisionRef revision) {
            }

            @Override
            public void replicaFailed(RevisionRef revision, String message) {
                failures.add(message);
            }
        });
    }

    @AfterEach
    void stopPlatform() {
        platform.close();
    }

    private RevisionRef register(String revision, Map<String, String> env) throws IOException {
        return register(revision, env, Probes.of(new FunctionTemplate(), DefaultProbe.QuiverSdk));
    }

    private RevisionRef register(String revision, Map<String, String> env, Probes.Effective probes) throws IOException {
        RevisionRef ref = new RevisionRef("default", "tiny", revision);
        Path app = TinyFunctionJar.write(work.resolve("apps").resolve(revision));
        platform.register(new LaunchSpec(ref, app, env, List.of(), Optional.empty(), work.resolve("logs"), probes, null));
        return ref;
    }

    /** The probes of a template that names a liveness probe, with the SDK's readiness. */
    private static Probes.Effective livenessEverySecond(String path, int failureThreshold) {
        FunctionTemplate template = new FunctionTemplate();
        template.livenessProbe = HealthProbe.httpGet(path);
        template.livenessProbe.periodSeconds = 1;
        template.livenessProbe.failureThreshold = failureThreshold;
        return Probes.of(template, DefaultProbe.QuiverSdk);
    }

    private String get(Endpoint endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint.host() + ":" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void await(String what, BooleanSupplier check) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The replica's process: the child whose environment has its port. */
    private static ProcessHandle replicaProcess(Endpoint endpoint) throws IOException {
        for (ProcessHandle process : ProcessHandle.current().children().toList()) {
            String environ = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"));
            if (environ.contains("PORT=" + endpoint.port() + "\0")) {
                return process;
            }
        }
        throw new AssertionError("no child process serves " + endpoint);
    }

    private static char processState(Endpoint endpoint) throws IOException {
        // The replica is the only process listening on its port; find it through /proc.
        for (ProcessHandle process : ProcessHandle.current().children().toList()) {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"));
            if (cmdline.contains("PORT=" + endpoint.port() + "\0")) {
                return stat.charAt(stat.lastIndexOf(')') + 2);
            }
        }
        return '?';
    }

    @Test
    void wakeStartsAReplicaThatServesTheRevision() throws Exception {
        RevisionRef ref = register("tiny-00001", Map.of());

        platform.wake(ref);
        await("a ready endpoint", () -> !platform.readyEndpoints(ref).isEmpty());

        assertThat(platform.desiredReplicas(ref)).isEqualTo(1);
        assertThat(get(platform.readyEndpoints(ref).get(0), "/")).isEqualTo("tiny-00001");
        assertThat(platform.logs(ref)).get().asString().contains("tiny-00001-1.log");
    }

    @Test
    void aCrashedReplicaIsRestarted() throws Exception {
        RevisionRef ref = register("tiny-00001", Map.of());
        platform.scale(ref, 1);
        await("a ready endpoint", () -> !platform.readyEndpoints(ref).isEmpty());
        Endpoint first = platform.readyEndpoints(ref).get(0);

        try {
            get(first, "/crash");
        } catch (IOException expected) {
            // The process dies mid-request.
        }

        await("a new endpoint", () -> !platform.readyEndpoints(ref).isEmpty() && !platform.readyEndpoints(ref).contains(first));
        assertThat(get(platform.readyEndpoints(ref).get(0), "/")).isEqualTo("tiny-00001");
    }

    @Test
    void scaleToZeroFreezesTheLastReplicaAndWakeResumesIt() throws Exception {
        RevisionRef ref = register("tiny-00001", Map.of());
        platform.scale(ref, 1);
        await("a ready endpoint", () -> !platform.readyEndpoints(ref).isEmpty());
        Endpoint endpoint = platform.readyEndpoints(ref).get(0);

        platform.scale(ref, 0);
        assertThat(platform.readyEndpoints(ref)).isEmpty();
        await("the replica to be stopped by SIGSTOP", () -> {
            try {
                return processState(endpoint) == 'T';
            } catch (IOException e) {
                return false;
            }
        });
        platform.wake(ref);
        await("the frozen replica to serve again", () -> platform.readyEndpoints(ref).contains(endpoint));

        assertThat(processState(endpoint)).isNotEqualTo('T');
        assertThat(get(endpoint, "/")).isEqualTo("tiny-00001");
    }

    @Test
    void aReplicaThatNeverPassesReadinessIsReportedAsFailed() throws Exception {
        RevisionRef ref = register("tiny-00002", Map.of("NEVER_READY", "true"));

        platform.scale(ref, 1);

        await("a readiness failure", () -> !failures.isEmpty());
        assertThat(failures.peek()).contains("tiny-00002")
                .contains("did not pass readiness (GET /health/ready) within 10s; last lines of its log:\n")
                .contains("tiny function starting on port");
        assertThat(platform.readyEndpoints(ref)).isEmpty();
    }

    @Test
    void aReplicaThatExitsBeforeItIsReadyIsReportedWithItsExitCodeAndItsLog() throws Exception {
        RevisionRef ref = register("tiny-00003", Map.of("EXIT_AT_START", "7"));

        platform.scale(ref, 1);

        await("a start failure", () -> !failures.isEmpty());
        assertThat(failures.peek()).contains("exited with code 7 before it passed readiness (GET /health/ready)")
                .contains("last lines of its log:\n").endsWith("cannot start: told to exit");
    }

    @Test
    void aTcpProbedReplicaIsReadyOnceItListensWhateverItsHealthEndpointsSay() throws Exception {
        RevisionRef ref = register("tiny-00004", Map.of("NEVER_READY", "true"),
                Probes.of(new FunctionTemplate(), DefaultProbe.Tcp));

        platform.scale(ref, 1);

        await("a ready endpoint", () -> !platform.readyEndpoints(ref).isEmpty());
        assertThat(get(platform.readyEndpoints(ref).get(0), "/")).isEqualTo("tiny-00004");
        assertThat(failures).isEmpty();
    }

    @Test
    void aServingReplicaThatFailsReadinessLeavesRoutingUntilItPassesAgain() throws Exception {
        FunctionTemplate template = new FunctionTemplate();
        template.readinessProbe = HealthProbe.httpGet("/health/ready");
        template.readinessProbe.failureThreshold = 2;
        RevisionRef ref = register("tiny-00007", Map.of(), Probes.of(template, DefaultProbe.QuiverSdk));
        platform.scale(ref, 1);
        await("a ready endpoint", () -> !platform.readyEndpoints(ref).isEmpty());
        Endpoint endpoint = platform.readyEndpoints(ref).get(0);
        ProcessHandle process = replicaProcess(endpoint);

        get(endpoint, "/unready");
        await("the replica to leave routing", () -> platform.readyEndpoints(ref).isEmpty());
        get(endpoint, "/ready");
        await("the replica to serve again", () -> platform.readyEndpoints(ref).contains(endpoint));

        assertThat(process.isAlive()).as("the same process, not a replacement").isTrue();
        assertThat(failures).isEmpty();
    }

    @Test
    void aReplicaThatFailsLivenessIsKilledAndReplaced() throws Exception {
        RevisionRef ref = register("tiny-00005", Map.of(), livenessEverySecond("/health/live", 2));
        platform.scale(ref, 1);
        await("a ready endpoint", () -> !platform.readyEndpoints(ref).isEmpty());
        Endpoint first = platform.readyEndpoints(ref).get(0);
        ProcessHandle sickProcess = replicaProcess(first);

        get(first, "/sick");

        await("a new endpoint", () -> !platform.readyEndpoints(ref).isEmpty() && !platform.readyEndpoints(ref).contains(first));
        await("the sick replica to exit", () -> !sickProcess.isAlive());
        assertThat(get(platform.readyEndpoints(ref).get(0), "/")).isEqualTo("tiny-00005");
    }

    @Test
    void aRunCommandServesFromItsFolderAndStopsWithItsWholeProcessTree() throws Exception {
        RevisionRef ref = new RevisionRef("default", "py", "py-00001");
        Path app = PythonFunction.write(work.resolve("apps").resolve("py"), "hello from python");
        // A command after the server keeps the shell as the parent of python, as in any compound command.
        platform.register(new LaunchSpec(ref, app, Map.of(), List.of(), Optional.empty(), work.resolve("logs"),
                Probes.of(new FunctionTemplate(), DefaultProbe.Tcp), PythonFunction.RUN + "; echo server exited"));

        platform.scale(ref, 1);
        await("a ready endpoint", () -> !platform.readyEndpoints(ref).isEmpty());
        assertThat(get(platform.readyEndpoints(ref).get(0), "/")).isEqualTo("py-00001 hello from python");
        List<ProcessHandle> tree = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("server.py")).toList();
        assertThat(tree).isNotEmpty();

        platform.unregister(ref);

        await("the shell and python to exit", () -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void scaleDownDrainsTheExtraReplicas() throws Exception {
        RevisionRef ref = register("tiny-00001", Map.of());
        platform.scale(ref, 2);
        await("two ready endpoints", () -> platform.readyEndpoints(ref).size() == 2);

        platform.scale(ref, 1);

        assertThat(platform.readyEndpoints(ref)).hasSize(1);
        await("the extra process to exit", () -> ProcessHandle.current().children().count() == 1);
    }
}
