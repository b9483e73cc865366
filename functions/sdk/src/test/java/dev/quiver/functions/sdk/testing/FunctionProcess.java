package dev.quiver.functions.sdk.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Test support for sample functions, shipped in the SDK's test-jar: the built function as the runtime starts it: {@code java -jar target/quarkus-app/quarkus-run.jar} with
 * {@code PORT} set, as a real child process whose output goes to a log file under {@code target/}.
 */
public final class FunctionProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FunctionProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the built app of the current module on a free port.
     *
     * @param name names the log file, {@code target/<name>.log}
     * @param env extra environment, on top of {@code PORT}
     */
    public static FunctionProcess start(String name, Map<String, String> env) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the package phase first");
        }
        int port = freePort();
        Path log = Path.of("target", name + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().putAll(env);
        return new FunctionProcess(port, builder.start(), log);
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** GET on a path of the function; throws when nothing listens. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST of a JSON body to a path of the function. */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until readiness answers 200, failing with the process log if it exits or never gets ready. */
    public void awaitReady(Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("function exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get("/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens a moment after the JVM starts
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("function not ready within " + atMost + ":\n" + Files.readString(log));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The file the process writes its output to. */
    public Path log() {
        return log;
    }

    /** The child process, to signal it (SIGTERM through {@link Process#destroy()}) and wait for its exit. */
    public Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
