package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

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
        RevisionRef ref = new RevisionRef("default", "tiny", revision);
        Path app = TinyFunctionJar.write(work.resolve("apps").resolve(revision));
        platform.register(new LaunchSpec(ref, app, env, List.of(), Optional.empty(), work.resolve("logs")));
        return ref;
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
        assertThat(failures.peek()).contains("tiny-00002").contains("did not pass readiness");
        assertThat(platform.readyEndpoints(ref)).isEmpty();
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
