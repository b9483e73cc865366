package dev.quiver.acceptance;

import dev.quiver.standin.testing.FunctionFolders;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The local platform, as {@code quiver dev} runs it: the built runtime jar with {@code quiver.platform=local} over
 * a functions folder of its own, on free loopback ports, its functions run as child processes. A deploy copies a
 * function's folder into that folder (the runtime watches it and builds what changed); traffic and rollback go
 * through the built CLI ({@code --target dev}). Builds are kept in a work folder shared by the whole suite, so
 * each sample is built by Maven once per run.
 */
final class LocalDevPlatform implements PlatformUnderTest {

    /** Where every local runtime of the suite keeps its builds (immutable, by source digest) and logs. */
    private static final Path SHARED_WORK = Checkout.WORK.resolve("local-work");
    /** The runtime's admin token in its work folder, as the CLI reads it. */
    private static final String ADMIN_TOKEN = "admin-token";

    private final Path functionsDir;
    private final int gatewayPort;
    private final int adminPort;
    private final int dashboardPort;
    private final String natsUrl;
    private final ChildProcess runtime;
    private final Cli cli;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalDevPlatform(Path functionsDir, int gatewayPort, int adminPort, int dashboardPort, String natsUrl,
            ChildProcess runtime, Cli cli) {
        this.functionsDir = functionsDir;
        this.gatewayPort = gatewayPort;
        this.adminPort = adminPort;
        this.dashboardPort = dashboardPort;
        this.natsUrl = natsUrl;
        this.runtime = runtime;
        this.cli = cli;
    }

    /**
     * Starts the runtime on an empty functions folder and waits until its admin API answers.
     *
     * @param natsUrl the NATS server the runtime and its functions use
     * @param settings further runtime settings (system properties), e.g. the autoscaler's window
     */
    static LocalDevPlatform start(String natsUrl, Map<String, String> settings) {
        Path dir = Checkout.newFolder("local");
        Path functions = dir.resolve("functions");
        try {
            Files.createDirectories(functions);
            Files.copy(Checkout.FUNCTIONS.resolve("pom.xml"), functions.resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int gateway = Checkout.freePort();
        int admin = Checkout.freePort();
        int dashboard = Checkout.freePort();
        List<String> command = new ArrayList<>(List.of(Checkout.java(),
                "-Dquiver.platform=local",
                "-Dquiver.local.functions-dir=" + functions,
                "-Dquiver.local.work-dir=" + SHARED_WORK,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + gateway,
                "-Dquiver.admin.port=" + admin,
                "-Dquiver.dashboard.port=" + dashboard,
                // Half the default: the never-ready scenario waits for it, and a sample starts in seconds.
                "-Dquiver.local.readiness-deadline=30s",
                "-Dquiver.nats.url=" + natsUrl));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(Checkout.runtimeJar().toString());
        ChildProcess runtime = ChildProcess.start("local runtime", command, Map.of(), dir.resolve("runtime.log"));
        Cli cli = new Cli(Map.of("QUIVER_ADMIN_TOKEN_FILE", SHARED_WORK.resolve(ADMIN_TOKEN).toString()),
                List.of("--target", "dev", "--admin-url", "http://127.0.0.1:" + admin), dir.resolve("cli"));
        LocalDevPlatform platform = new LocalDevPlatform(functions, gateway, admin, dashboard, natsUrl, runtime,
                cli);
        await("the local runtime's admin API").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    runtime.requireAlive();
                    try {
                        return platform.admin("/v1/functions").statusCode() == 200;
                    } catch (UncheckedIOException notYet) {
                        return false;
                    }
                });
        return platform;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public URI gateway() {
        return URI.create("http://127.0.0.1:" + gatewayPort);
    }

    @Override
    public String natsUrl() {
        return natsUrl;
    }

    /** The dashboard with the admin token of the work folder, as {@code quiver dev}'s link carries it. */
    @Override
    public DashboardAccess dashboard() {
        try {
            return new DashboardAccess(URI.create("http://127.0.0.1:" + dashboardPort),
                    Files.readString(SHARED_WORK.resolve(ADMIN_TOKEN)).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String deploy(FunctionFolder folder) {
        String name = folder.name();
        Set<String> before = revisions(name).stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        sync(folder.path(), functionsDir.resolve(name));
        return DeployWait.newRevision(this, name, before, this::diagnostics);
    }

    /**
     * Puts the folder's files where the runtime watches. A new function appears at once (copied aside, then
     * renamed); a known one gets its source first and function.yaml last, each file replaced in one step, so the
     * runtime never reads half a change.
     */
    private static void sync(Path source, Path target) {
        try {
            if (!Files.isDirectory(target)) {
                Path staging = target.resolveSibling("." + target.getFileName() + "-staging");
                FunctionFolders.copyTree(source, staging);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            try (var files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path relative = source.relativize(file);
                    if (relative.startsWith("target") || Files.isDirectory(file)
                            || relative.toString().equals("function.yaml")) {
                        continue;
                    }
                    Path copy = target.resolve(relative.toString());
                    if (!Files.exists(copy) || Files.mismatch(file, copy) != -1) {
                        replace(file, copy);
                    }
                }
            }
            replace(source.resolve("function.yaml"), target.resolve("function.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replace(Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public FunctionFolder configure(FunctionFolder folder, String configName, Map<String, String> env) {
        env.forEach(folder::env);
        return folder;
    }

    @Override
    public void traffic(String function, String... args) {
        List<String> command = new ArrayList<>(List.of("traffic", function));
        command.addAll(List.of(args));
        cli.run(command.toArray(String[]::new)).requireSuccess();
    }

    @Override
    public void rollback(String function) {
        cli.run("rollback", function).requireSuccess();
    }

    @Override
    public Cli.Run rollout(String function, String action) {
        return cli.run("rollout", action, function);
    }

    @Override
    public Function function(String function) {
        HttpResponse<String> response = admin("/v1/functions/" + function);
        if (response.statusCode() == 404) {
            return null;
        }
        return read(response.body(), Function.class);
    }

    @Override
    public List<FunctionRevision> revisions(String function) {
        HttpResponse<String> response = admin("/v1/functions/" + function + "/revisions");
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<FunctionRevision> revisions = new ArrayList<>();
        for (JsonNode item : read(response.body(), JsonNode.class).path("items")) {
            revisions.add(ApiJson.json().convertValue(item, FunctionRevision.class));
        }
        return revisions;
    }

    @Override
    public int replicas(String function, String revision) {
        FunctionRevision current = revision(function, revision);
        Integer actual = current == null || current.getStatus() == null ? null : current.getStatus().actualReplicas;
        return actual == null ? 0 : actual;
    }

    @Override
    public int runningJobs(String function) {
        return (int) runtime.process().descendants().filter(ProcessHandle::isAlive)
                .map(process -> environment(process.pid()))
                .filter(env -> env.contains("QUIVER_MODE=Job") && env.contains("QUIVER_FUNCTION=" + function))
                .count();
    }

    @Override
    public int killReplicas(String function) {
        List<ProcessHandle> replicas = runtime.process().descendants().filter(ProcessHandle::isAlive)
                .filter(process -> {
                    Set<String> env = environment(process.pid());
                    return env.contains("QUIVER_FUNCTION=" + function) && !env.contains("QUIVER_MODE=Job");
                }).toList();
        replicas.forEach(ProcessHandle::destroyForcibly);
        return replicas.size();
    }

    /** A process's environment, from /proc (empty when it is gone). */
    private static Set<String> environment(long pid) {
        try {
            return Set.of(Files.readString(Path.of("/proc", String.valueOf(pid), "environ")).split("\0"));
        } catch (IOException | IllegalArgumentException gone) {
            return Set.of();
        }
    }

    @Override
    public List<String> succeededJobs(String function) {
        HttpResponse<String> response = admin("/v1/functions/" + function + "/jobs");
        List<String> ids = new ArrayList<>();
        for (JsonNode result : read(response.body(), JsonNode.class).path("results")) {
            if (result.path("status").asInt() / 100 == 2 && result.path("exitCode").asInt(-1) == 0) {
                ids.add(result.path("id").asText());
            }
        }
        return ids;
    }

    @Override
    public String diagnostics() {
        return runtime.logTail(60);
    }

    @Override
    public void close() {
        runtime.close();
    }

    private HttpResponse<String> admin(String path) {
        try {
            // the runtime writes its token before its admin API listens: a missing file means no answer yet
            Path token = SHARED_WORK.resolve(ADMIN_TOKEN);
            if (!Files.isRegularFile(token)) {
                throw new UncheckedIOException(new IOException("no admin token yet at " + token));
            }
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                    .header("Authorization", "Bearer " + Files.readString(token).strip())
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return ApiJson.json().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + json, e);
        }
    }
}
