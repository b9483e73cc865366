import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold start through the gateway on the local platform: from a revision at zero replicas to the first response of
 * {@code POST /fn/hello}, over N starts, on two paths:
 * <ul>
 *   <li>cold: no process at all (retention 0s): the activator holds the request, a JVM starts (AOT cache when the
 *       JDK has it) and passes readiness;</li>
 *   <li>resume: the scaled-to-zero replica was kept frozen (SIGSTOP) and gets SIGCONT.</li>
 * </ul>
 * Prints p50/p95/min/max per path. Never fails on timing.
 *
 * <p>Run from the repository root after {@code ./mvnw -pl runtime package -DskipTests}:
 * {@code java bench/coldstart/ColdStart.java [starts]}.
 */
public class ColdStart {

    private static final Path RUNTIME = Path.of("runtime/target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("quiver-coldstart-");
        copyTree(Path.of("functions/pom.xml"), dir.resolve("pom.xml"));
        copyTree(Path.of("functions/hello"), dir.resolve("hello"));
        Files.writeString(dir.resolve("hello/function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: hello
                spec:
                  template:
                    scale: {min: 0, max: 1, scaleToZeroGracePeriod: 0s}
                """);
        List<Double> cold = measure(dir, "0s", starts, false);
        List<Double> resume = measure(dir, "30m", starts, true);
        System.out.printf("%nCold start through the gateway (POST /fn/hello, %d starts each)%n", starts);
        System.out.printf("%-28s %8s %8s %8s %8s%n", "path", "p50 ms", "p95 ms", "min ms", "max ms");
        row("true cold (new JVM process)", cold);
        row("resume (SIGCONT of frozen)", resume);
    }

    private static List<Double> measure(Path dir, String retention, int starts, boolean frozen) throws Exception {
        int gateway = freePort();
        int admin = freePort();
        Process runtime = new ProcessBuilder("java", "-Dquarkus.http.port=" + gateway, "-Dquiver.admin.port=" + admin,
                "-Dquiver.local.functions-dir=" + dir, "-Dquiver.local.retention=" + retention,
                "-Dquiver.autoscaler.stable-window=1s", "-jar", RUNTIME.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("runtime-" + retention + ".log").toFile()).start();
        try {
            waitFor("hello to be ready", Duration.ofMinutes(8), () -> get(dir, admin, "/v1/functions/hello")
                    .contains("\"latestReadyRevisionName\":\"hello-00001\""));
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                waitFor("hello to scale to zero", Duration.ofMinutes(2), () -> {
                    String revisions = get(dir, admin, "/v1/functions/hello/revisions");
                    return revisions.contains("\"actualReplicas\":0") && revisions.contains("\"desiredReplicas\":0")
                            && (!frozen || revisions.contains("frozen replica"));
                });
                // Let the stopped process exit (or the frozen one settle) so it takes no CPU from the start.
                Thread.sleep(frozen ? 700 : 1500);
                long start = System.nanoTime();
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gateway + "/fn/hello"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("start " + i + " answered " + response.statusCode() + ": " + response.body());
                }
                millis.add(elapsed);
                System.out.printf("%s start %2d: %7.1f ms%n", frozen ? "resume" : "cold  ", i + 1, elapsed);
            }
            return millis;
        } finally {
            runtime.destroy();
            runtime.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void row(String name, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-28s %8.1f %8.1f %8.1f %8.1f%n", name, percentile(sorted, 50), percentile(sorted, 95),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private interface Check {
        boolean passes() throws Exception;
    }

    private static void waitFor(String what, Duration limit, Check check) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (check.passes()) {
                    return;
                }
            } catch (IOException e) {
                // The runtime is not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gave up waiting for " + what);
    }

    /** A GET of the admin API with the token the runtime keeps in its work folder (none yet: nothing answers). */
    private static String get(Path dir, int port, String path) throws Exception {
        Path token = dir.resolve(".quiver").resolve("admin-token");
        if (!Files.isRegularFile(token)) {
            return "";
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + Files.readString(token).strip()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
