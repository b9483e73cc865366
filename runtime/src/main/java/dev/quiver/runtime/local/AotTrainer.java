package dev.quiver.runtime.local;

import dev.quiver.api.HealthProbe;
import dev.quiver.runtime.platform.RevisionRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes the AOT cache of a built app with a training run (JDK 25+): the app starts with
 * {@code -XX:AOTCacheOutput}, serves a few requests, and writes the cache when it exits. Replicas then start with
 * {@code -XX:AOTCache} and the same flags, which roughly halves a Quarkus app's start-up. The run waits for the
 * revision's own readiness probe (a TCP-probed app is ready once it listens), and no longer than the app takes to
 * pass it or to exit.
 */
public final class AotTrainer {

    /** Flags for a short-lived, fast-starting function JVM; the training run must use the same ones. */
    public static final List<String> FAST_START_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Logger LOG = Logger.getLogger(AotTrainer.class);
    private static final Duration TRAINING_DEADLINE = Duration.ofSeconds(120);

    private AotTrainer() {
    }

    /**
     * Trains and writes the cache next to the app, unless the JDK cannot or the run fails (then replicas start
     * without a cache: slower, still correct).
     *
     * @param app the built Quarkus app folder (with quarkus-run.jar), the same path replicas will run
     * @param env       the template's environment
     * @param readiness the readiness probe its replicas will have ({@code Probes.of(template, detected)})
     * @return the cache file, when one was made
     */
    public static Optional<Path> train(JavaHome java, Path app, Map<String, String> env, RevisionRef ref,
            HealthProbe readiness) {
        Path cache = app.resolve("app.aot");
        if (!java.supportsAotCache()) {
            return Optional.empty();
        }
        if (Files.isRegularFile(cache)) {
            return Optional.of(cache);
        }
        LaunchSpec training = new LaunchSpec(ref, app, env, List.of(), Optional.empty(), app);
        List<String> command = new ArrayList<>();
        command.add(java.launcher().toString());
        command.add("-XX:AOTCacheOutput=" + cache);
        command.addAll(FAST_START_FLAGS);
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toString());
        int port = FreePorts.pick();
        Path log = app.resolve("aot-training.log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(training.environment(port));
            Process process = builder.start();
            ProbeCheck check = ProbeCheck.of(readiness);
            long end = System.nanoTime() + TRAINING_DEADLINE.toNanos();
            boolean ready = false;
            while (System.nanoTime() < end && process.isAlive() && !(ready = check.passes(port))) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            String notReady = ready ? null : process.isAlive()
                    ? "did not pass readiness (" + check + ") within " + TRAINING_DEADLINE.toSeconds() + "s"
                    : "exited with code " + process.exitValue() + " before it passed readiness (" + check + ")";
            if (ready) {
                exercise(port, readiness);
            }
            process.destroy();
            if (!process.waitFor(TRAINING_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (notReady != null) {
                // A JVM writes its cache even when it exits at start; one from a run that never served is not kept.
                Files.deleteIfExists(cache);
                LOG.warnf("no AOT cache for %s: the training run %s; replicas start without one. %s", ref, notReady,
                        LogTail.explain(log));
                return Optional.empty();
            }
            if (Files.isRegularFile(cache)) {
                return Optional.of(cache);
            }
            LOG.warnf("no AOT cache for %s (the training run wrote none); replicas start without one. Output:%n%s",
                    ref, LogTail.of(log, LogTail.LINES));
        } catch (IOException e) {
            LOG.warnf("no AOT cache for %s: %s", ref, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** A few requests, so the classes of the HTTP and JSON paths land in the cache too. */
    private static void exercise(int port, HealthProbe readiness) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        for (int i = 0; i < 3; i++) {
            if (readiness.httpGet != null) {
                send(client, HttpRequest.newBuilder(base.resolve(readiness.httpGet.path)).GET());
            }
            send(client, HttpRequest.newBuilder(base).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
        }
    }

    private static void send(HttpClient client, HttpRequest.Builder request) {
        try {
            client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Training is best effort: a function that rejects the request still loaded the classes on the way.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
