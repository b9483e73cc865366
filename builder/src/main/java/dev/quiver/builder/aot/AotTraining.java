package dev.quiver.builder.aot;

import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.Probes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.concurrent.TimeUnit;

/**
 * One training run of a Quarkus app that writes its AOT cache (JDK 25+, JEP 514): the app starts with
 * {@code -XX:AOTCacheOutput}, passes its readiness probe, serves a few requests, gets SIGTERM, and the JVM writes the cache as it
 * exits. The same protocol as the local platform's training of each revision.
 * <p>
 * The run uses paths relative to the app folder ({@code -jar quarkus-run.jar} from inside it): the cache records the
 * class path as it was given, and an app started from a cache whose recorded jar path does not exist fails at once
 * (JDK-8376576: the code source of the cached launcher class is null). Relative paths resolve against the image's
 * working directory, the app folder, so the cache fits the image wherever the training ran.
 */
public final class AotTraining {

    /** Flags for a short-lived, fast-starting function JVM; the training run uses the same ones. */
    public static final List<String> FAST_START_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** The cache's file name inside the app folder. */
    public static final String CACHE_FILE = "app.aot";

    /**
     * The heap of the training run: small enough for compressed object pointers, which the cache's archived objects
     * assume, whatever memory the build machine has.
     */
    static final String TRAINING_HEAP = "-Xmx1g";

    /** How often the readiness probe is checked while the app starts. */
    static final long POLL_MILLIS = 50;

    /** How long one of the warm-up requests after readiness may take. */
    private static final Duration EXERCISE_TIMEOUT = Duration.ofSeconds(5);

    /** Variables the training run must not inherit: they would add JVM flags the image's command does not have. */
    private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS");

    /**
     * How a run went.
     *
     * @param cache  the cache file, or null when none was written
     * @param reason why there is none (the output's last lines), or null
     */
    public record Result(Path cache, String reason) {
        /** Whether the run wrote a cache. */
        public boolean succeeded() {
            return cache != null;
        }
    }

    private AotTraining() {
    }

    /**
     * The training command, run inside the app folder: the launcher's path absolute (a relative one would resolve
     * against the app folder), the app's relative.
     */
    public static List<String> command(JavaRuntime java) {
        List<String> command = new ArrayList<>();
        command.add(java.launcher().toAbsolutePath().toString());
        command.add(TRAINING_HEAP);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:AOTCacheOutput=" + CACHE_FILE);
        command.addAll(FAST_START_FLAGS);
        command.add("-jar");
        command.add("quarkus-run.jar");
        return command;
    }

    /**
     * Trains in {@code app} (a folder with {@code quarkus-run.jar}), writing {@code app/app.aot}. The run waits for
     * the readiness probe the app's replicas get (an HTTP GET answered 2xx, or an accepted TCP connect) and goes on
     * as soon as it passes, or gives up as soon as the app exits.
     *
     * @param env       variables for the app besides {@code PORT}
     * @param readiness the app's readiness probe (see {@code dev.quiver.api.contract.Probes})
     * @param deadline  how long it may take to become ready, and again to write the cache
     */
    public static Result train(JavaRuntime java, Path app, Map<String, String> env, HealthProbe readiness,
                               Duration deadline) throws InterruptedException {
        Path cache = app.resolve(CACHE_FILE);
        Path log = app.getParent().resolve("aot-training.log");
        try {
            Files.deleteIfExists(cache);
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(command(java)).directory(app.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            JVM_OPTION_VARIABLES.forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            builder.environment().put("PORT", Integer.toString(port));
            Process process = builder.start();
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                URI base = URI.create("http://127.0.0.1:" + port + "/");
                if (!awaitReady(process, client, base, readiness, deadline)) {
                    return new Result(null, (process.isAlive() ? "the app did not pass its readiness probe ("
                            + Probes.describe(readiness) + ") within " + deadline.toSeconds() + " s"
                            : "the app exited before it was ready") + tail(log));
                }
                exercise(client, base, readiness);
                process.destroy();
                if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                    return new Result(null, "the JVM did not write the cache within " + deadline.toSeconds() + " s");
                }
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            if (Files.isRegularFile(cache) && Files.size(cache) > 0) {
                return new Result(cache, null);
            }
            return new Result(null, "the training run wrote no cache" + tail(log));
        } catch (IOException e) {
            return new Result(null, "cannot run " + java.launcher() + ": " + e.getMessage());
        }
    }

    /**
     * Checks the probe every {@value #POLL_MILLIS} ms until it passes (true), the process exits or the deadline
     * passes (false). The wait between checks ends at once when the process exits.
     */
    static boolean awaitReady(Process process, HttpClient client, URI base, HealthProbe readiness, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (process.isAlive()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Duration timeout = Duration.ofNanos(Math.min(left, TimeUnit.SECONDS.toNanos(timeoutSeconds(readiness))));
            if (passes(client, base, readiness, timeout)) {
                return true;
            }
            process.waitFor(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))),
                    TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** Whether the probe passes now: an HTTP GET of its path answered 2xx, or a TCP connect accepted. */
    static boolean passes(HttpClient client, URI base, HealthProbe probe, Duration timeout) {
        if (probe.httpGet != null) {
            int status = status(client, HttpRequest.newBuilder(base.resolve(relative(probe.httpGet.path))).GET(), timeout);
            return status >= 200 && status < 300;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) Math.max(1, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A few requests, so the classes of the HTTP and JSON paths (and of the probe's) land in the cache too. */
    private static void exercise(HttpClient client, URI base, HealthProbe readiness) {
        for (int i = 0; i < 3; i++) {
            if (readiness.httpGet != null) {
                status(client, HttpRequest.newBuilder(base.resolve(relative(readiness.httpGet.path))).GET(),
                        EXERCISE_TIMEOUT);
            }
            status(client, HttpRequest.newBuilder(base).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")), EXERCISE_TIMEOUT);
        }
    }

    private static int status(HttpClient client, HttpRequest.Builder request, Duration timeout) {
        try {
            return client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            // Not up yet, or the function rejects the request: it still loaded the classes on the way.
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** A probe's path relative to the base URI (which ends in a slash). */
    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static int timeoutSeconds(HealthProbe probe) {
        return probe.timeoutSeconds == null || probe.timeoutSeconds < 1 ? 1 : probe.timeoutSeconds;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> last = lines.subList(Math.max(0, lines.size() - 10), lines.size());
            return last.isEmpty() ? "" : ":\n    " + String.join("\n    ", last);
        } catch (IOException e) {
            return "";
        }
    }
}
