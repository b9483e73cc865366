package dev.quiver.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.local.AdminToken;
import dev.quiver.standin.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The built runtime started as a child process with the local platform, on free ports, serving a temporary copy of
 * sample functions that tests may edit. Test fixture: starts, waits, calls, stops.
 */
final class LocalRuntimeProcess implements AutoCloseable {

    private static final Path RUNTIME_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    final Path functionsDir;
    final int gatewayPort;
    final int adminPort;
    /** The dashboard's port: a free one, so that no test takes the default 8082. */
    final int dashboardPort;
    private Process process;
    private final Path log;
    private Map<String, String> settings;
    private List<String> jvmOptions = List.of();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalRuntimeProcess(Path functionsDir, int gatewayPort, int adminPort, int dashboardPort, Process process,
            Path log) {
        this.functionsDir = functionsDir;
        this.gatewayPort = gatewayPort;
        this.adminPort = adminPort;
        this.dashboardPort = dashboardPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Copies the named sample functions (and their parent POM) into a temporary folder and starts the runtime on it.
     *
     * @param settings extra system properties, e.g. {@code quiver.local.retention=0s}
     */
    static LocalRuntimeProcess start(List<String> samples, Map<String, String> settings) throws IOException {
        return start(samples, settings, Map.of());
    }

    /**
     * Like {@link #start(List, Map)}, with some samples' function.yaml replaced before the runtime starts.
     *
     * @param functionYamls function.yaml text by sample name
     */
    static LocalRuntimeProcess start(List<String> samples, Map<String, String> settings,
            Map<String, String> functionYamls) throws IOException {
        return start(samples, settings, functionYamls, List.of());
    }

    /**
     * Like {@link #start(List, Map, Map)}, with options for the runtime's JVM.
     *
     * @param jvmOptions options of the runtime's JVM, e.g. {@code -Xmx256m}; kept for every later start
     */
    static LocalRuntimeProcess start(List<String> samples, Map<String, String> settings,
            Map<String, String> functionYamls, List<String> jvmOptions) throws IOException {
        if (!Files.isRegularFile(RUNTIME_JAR)) {
            throw new IllegalStateException(RUNTIME_JAR.toAbsolutePath() + " is missing: run the IT in 'mvn verify'");
        }
        Path dir = SampleFunctions.copy(samples, functionYamls);
        int[] ports = Ports.freePorts(3); // three different ones
        int gateway = ports[0];
        int admin = ports[1];
        int dashboard = ports[2];
        Path log = dir.resolve("runtime.log");
        LocalRuntimeProcess runtime = new LocalRuntimeProcess(dir, gateway, admin, dashboard,
                launch(dir, gateway, admin, dashboard, settings, jvmOptions, log), log);
        runtime.settings = settings;
        runtime.jvmOptions = List.copyOf(jvmOptions);
        return runtime;
    }

    private static Process launch(Path dir, int gateway, int admin, int dashboard, Map<String, String> settings,
            List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.http.port=" + gateway, "-Dquiver.admin.port=" + admin,
                "-Dquiver.local.functions-dir=" + dir, "-Dquiver.dashboard.port=" + dashboard));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!settings.containsKey("quiver.nats.url")) {
            command.add("-Dquiver.async.enabled=false"); // never touch a NATS server the test did not start
        }
        command.add("-jar");
        command.add(RUNTIME_JAR.toAbsolutePath().toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Stops the runtime (it drains its replicas) and starts it again on the same folder, ports and log, as after a
     * restart of the machine: the functions' builds are reused.
     *
     * @param settings the new run's extra system properties
     */
    void restart(Map<String, String> settings) throws IOException {
        stopProcess();
        this.settings = settings;
        process = launch(functionsDir, gatewayPort, adminPort, dashboardPort, settings, jvmOptions, log);
    }

    /** Kills the runtime and every function process it started (SIGKILL), as a crash of the machine would. */
    void crash() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        children.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    /**
     * Kills the runtime alone (SIGKILL), as {@code kill -9} of its pid does: the function processes it started are
     * left to it to clean up at its next start.
     */
    void killRuntimeOnly() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** The runtime's process id (of its current run). */
    long pid() {
        return process.pid();
    }

    /** Whether the runtime's process still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** The live processes the runtime started (its function replicas and what they started). */
    List<ProcessHandle> functionProcesses() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** Kills the function processes the runtime started (SIGKILL); the runtime itself keeps running. */
    int killFunctions() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        return children.size();
    }

    /** Starts the runtime again on the same folder, ports and settings (after {@link #crash()}), its log appended. */
    void startAgain() throws IOException {
        process = launch(functionsDir, gatewayPort, adminPort, dashboardPort, settings, jvmOptions, log);
    }

    /** A GET through the gateway. */
    HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** The whole log of the runtime, every run of it. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request through the gateway. */
    HttpResponse<String> invoke(String path, Map<String, String> headers, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request);
    }

    /** A GET of the admin API, as JSON. */
    JsonNode admin(String path) {
        return RuntimeJson.json(send(adminRequest(path).GET()).body());
    }

    /** A PUT of traffic targets to the admin API. */
    HttpResponse<String> putTraffic(String function, String targetsJson) {
        return send(adminRequest("/v1/functions/" + function + "/traffic")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(targetsJson)));
    }

    /** A POST of a JSON body to the admin API, with its token. */
    HttpResponse<String> postAdmin(String path, String json) {
        return send(adminRequest(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A GET of the admin API as text. */
    HttpResponse<String> adminText(String path) {
        return send(adminRequest(path).GET());
    }

    /** The revision of a function with that name, from the admin API, or null. */
    JsonNode revision(String function, String revision) {
        for (JsonNode item : admin("/v1/functions/" + function + "/revisions").path("items")) {
            if (revision.equals(item.path("metadata").path("name").asText())) {
                return item;
            }
        }
        return null;
    }

    /** The names of a function's revisions. */
    List<String> revisions(String function) {
        return admin("/v1/functions/" + function + "/revisions").path("items").findValuesAsText("name");
    }

    /** Waits until the check passes, polling; fails with the runtime's log when it does not within the limit. */
    <T> T await(String what, Duration limit, Supplier<T> value, Predicate<T> check) {
        long end = System.nanoTime() + limit.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("the runtime exited while waiting for " + what + ":\n" + logTail());
            }
            try {
                last = value.get();
                if (check.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                // Not up yet: try again.
            }
            sleep(200);
        }
        throw new AssertionError("gave up waiting for " + what + " after " + limit + "; last value " + last
                + "\nruntime log:\n" + logTail());
    }

    /** Rewrites a function's function.yaml (a new template makes a new revision). */
    void writeFunctionYaml(String function, String yaml) {
        try {
            Files.writeString(functionsDir.resolve(function).resolve("function.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A request to the admin API with the token the runtime keeps in its work folder, as the CLI sends it. */
    private HttpRequest.Builder adminRequest(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path));
        String token = adminToken();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /** The admin token in the runtime's work folder (also the dashboard's), or null before the runtime wrote it. */
    String adminToken() {
        Path work = settings.containsKey("quiver.local.work-dir") ? Path.of(settings.get("quiver.local.work-dir"))
                : Path.of(settings.getOrDefault("quiver.local.functions-dir", functionsDir.toString())).resolve(".quiver");
        Path token = work.resolve(AdminToken.FILE_NAME);
        try {
            return Files.isRegularFile(token) ? Files.readString(token).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A request to the dashboard's API, as its UI sends it: the token (as the cookie its login link sets) and, for a
     * body, the {@code X-Quiver-Dashboard} header.
     *
     * @param body null for a GET
     */
    HttpResponse<String> dashboard(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + path))
                .timeout(Duration.ofSeconds(60)).header("Cookie", "quiver_dashboard=" + adminToken());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("X-Quiver-Dashboard", "1").header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the runtime (it drains its replicas) and deletes the folder. */
    @Override
    public void close() throws IOException {
        stopProcess();
        SampleFunctions.delete(functionsDir);
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
