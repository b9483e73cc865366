package dev.quiver.cli;

import dev.quiver.api.ApiJson;
import dev.quiver.cli.fake.FakeRuntimeMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static dev.quiver.api.testing.Fixtures.failing;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code quiver} command as a user runs it (a child process), with {@code dev} launching a fake
 * runtime jar: what it starts, what it prints, and that stopping it stops the runtime.
 */
class DevCommandIT {

    /** A bound on waiting for output, so a broken build fails instead of hanging; not a timing assertion. */
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void devStartsTheRuntimePrintsTheUrlsAndStopsTheRuntimeOnSigterm() throws Exception {
        Path functions = functionsFolder("hello", "broken");
        Files.writeString(functions.resolve(".fake-functions.json"), ApiJson.toJson(Map.of("items", List.of(
                function("broken", failing("BuildFailed", "mvn package failed: see the log")),
                function("hello", readyOn("hello-00001"))))));
        int port = freePort();
        int adminPort = freePort();

        Process cli = quiver(Map.of("QUIVER_RUNTIME_JAR", fakeRuntimeJar().toString()), "dev", functions.toString(),
                "--port", Integer.toString(port), "--admin-port", Integer.toString(adminPort), "-Dquiver.extra=on");
        Output output = Output.of(cli);
        output.awaitLine(line -> line.contains("curl -s"));

        assertThat(output.text()).containsSubsequence(
                "Starting Quiver on " + functions + ": building and running 2 functions (broken, hello)...",
                "fake runtime: admin API up",
                "Runtime up (admin API on http://127.0.0.1:" + adminPort + ")",
                "Quiver is serving on http://localhost:" + port,
                "broken", "not ready: ./quiver describe broken",
                "hello", "http://localhost:8080/fn/hello", "ready",
                "curl -s localhost:" + port + "/fn/hello -d '{\"name\":\"Ada\"}'");
        assertThat(output.text()).contains("FAILED BuildFailed: mvn package failed: see the log");
        Properties runtime = runtimeProperties(functions);
        assertThat(runtime).containsEntry("quiver.platform", "local")
                .containsEntry("quiver.local.functions-dir", functions.toAbsolutePath().normalize().toString())
                .containsEntry("quarkus.http.port", Integer.toString(port))
                .containsEntry("quarkus.http.host", "127.0.0.1")
                .containsEntry("quiver.admin.port", Integer.toString(adminPort))
                .containsEntry("quiver.extra", "on");
        assertThat(output.text()).doesNotContain("WARNING");

        // SIGTERM, as a service manager would stop it (Process.destroy would also close our end of its output).
        cli.toHandle().destroy();
        assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("quiver dev exits").isTrue();
        long runtimePid = Long.parseLong(runtime.getProperty("pid"));
        assertThat(ProcessHandle.of(runtimePid).map(ProcessHandle::isAlive).orElse(false)).as("runtime stopped").isFalse();
        assertThat(functions.resolve(".fake-stopped")).as("the runtime was asked to stop, not killed").exists();
        output.awaitLine(line -> line.equals("Stopping the Quiver runtime and its functions..."));
    }

    @Test
    void hostExposesTheGatewayOnPurposeWithAWarning() throws Exception {
        Path functions = functionsFolder("hello");
        Files.writeString(functions.resolve(".fake-functions.json"), ApiJson.toJson(Map.of("items", List.of(
                function("hello", readyOn("hello-00001"))))));
        int port = freePort();

        Process cli = quiver(Map.of("QUIVER_RUNTIME_JAR", fakeRuntimeJar().toString()), "dev", functions.toString(),
                "--port", Integer.toString(port), "--admin-port", Integer.toString(freePort()), "--host", "0.0.0.0");
        Output output = Output.of(cli);
        output.awaitLine(line -> line.contains("curl -s"));

        assertThat(output.text()).contains("WARNING: the gateway will listen on 0.0.0.0");
        assertThat(runtimeProperties(functions)).containsEntry("quarkus.http.host", "0.0.0.0");
        cli.toHandle().destroy();
        assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("quiver dev exits").isTrue();
    }

    @Test
    void devPrintsTheDashboardLinkWithTheAdminTokenAndPassesItsPort() throws Exception {
        Path functions = functionsFolder("hello");
        Files.writeString(functions.resolve(".fake-functions.json"), ApiJson.toJson(Map.of("items", List.of(
                function("hello", readyOn("hello-00001"))))));
        Files.createDirectories(functions.resolve(".quiver"));
        String token = "dashboard-token-of-the-test-0123456789abcdef";
        Files.writeString(functions.resolve(".quiver").resolve("admin-token"), token + "\n");
        int dashboardPort = freePort();

        Process cli = quiver(Map.of("QUIVER_RUNTIME_JAR", fakeRuntimeJar().toString()), "dev", functions.toString(),
                "--port", Integer.toString(freePort()), "--admin-port", Integer.toString(freePort()),
                "--dashboard-port", Integer.toString(dashboardPort));
        Output output = Output.of(cli);
        output.awaitLine(line -> line.contains("curl -s"));

        assertThat(output.text()).containsSubsequence("Runtime up (admin API on ",
                "Dashboard: http://127.0.0.1:" + dashboardPort + "/?token=" + token);
        assertThat(runtimeProperties(functions)).containsEntry("quiver.dashboard.port", Integer.toString(dashboardPort));
        cli.toHandle().destroy();
        assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("quiver dev exits").isTrue();
    }

    @Test
    void runtimeThatExitsAtStartIsReportedWithItsStatus() throws Exception {
        Path functions = functionsFolder("hello");
        Files.writeString(functions.resolve(".fake-exit"), "");

        Process cli = quiver(Map.of("QUIVER_RUNTIME_JAR", fakeRuntimeJar().toString()), "dev", functions.toString(),
                "--port", Integer.toString(freePort()), "--admin-port", Integer.toString(freePort()));
        Output output = Output.of(cli);

        assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(cli.exitValue()).isEqualTo(7);
        output.awaitLine(line -> line.contains("exited (status 7)"));
        assertThat(output.text()).contains("fake runtime: failing at start as asked",
                "Error: the Quiver runtime exited (status 7) before its functions were ready. Its last lines:",
                "  fake runtime: failing at start as asked");
    }

    @Test
    void aRuntimeKilledWhileServingEndsDevWithItsStatusAndLastLines() throws Exception {
        Path functions = functionsFolder("hello");
        Files.writeString(functions.resolve(".fake-functions.json"), ApiJson.toJson(Map.of("items", List.of(
                function("hello", readyOn("hello-00001"))))));
        Process cli = quiver(Map.of("QUIVER_RUNTIME_JAR", fakeRuntimeJar().toString()), "dev", functions.toString(),
                "--port", Integer.toString(freePort()), "--admin-port", Integer.toString(freePort()));
        Output output = Output.of(cli);
        output.awaitLine(line -> line.contains("curl -s"));

        // kill -9 of the runtime alone, as the out-of-memory killer would do it.
        long runtimePid = Long.parseLong(runtimeProperties(functions).getProperty("pid"));
        ProcessHandle.of(runtimePid).ifPresent(ProcessHandle::destroyForcibly);

        assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("quiver dev exits").isTrue();
        assertThat(cli.exitValue()).isEqualTo(137);
        output.awaitLine(line -> line.equals("  fake runtime: admin API up"));
        assertThat(output.text()).contains("Error: the Quiver runtime exited (status 137, killed by signal SIGKILL",
                "while serving your functions; they are no longer served. Its last lines:",
                "  fake runtime: admin API up");
    }

    @Test
    void missingRuntimeJarSaysHowToBuildIt() throws Exception {
        Process cli = quiver(Map.of("QUIVER_RUNTIME_JAR", dir.resolve("absent.jar").toString()), "dev",
                functionsFolder("hello").toString(), "--port", Integer.toString(freePort()),
                "--admin-port", Integer.toString(freePort()));
        Output output = Output.of(cli);

        assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(cli.exitValue()).isEqualTo(ExitCodes.FAILED);
        output.awaitLine(line -> line.startsWith("Error:"));
        assertThat(output.text()).contains("the runtime jar " + dir.resolve("absent.jar") + " does not exist");
    }

    @Test
    void portInUseIsReportedBeforeStartingAnything() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            Process cli = quiver(Map.of("QUIVER_RUNTIME_JAR", fakeRuntimeJar().toString()), "dev",
                    functionsFolder("hello").toString(), "--port", Integer.toString(busy.getLocalPort()),
                    "--admin-port", Integer.toString(freePort()));
            Output output = Output.of(cli);

            assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(cli.exitValue()).isEqualTo(ExitCodes.FAILED);
            output.awaitLine(line -> line.startsWith("Error:"));
            assertThat(output.text()).contains("port " + busy.getLocalPort() + " is already in use", "--port");
        }
    }

    @Test
    void packagedCommandPrintsOnlyItsOwnOutput() throws Exception {
        Process cli = quiver(Map.of(), "list", "--admin-url", "http://127.0.0.1:" + freePort());
        String stdout = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(cli.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(cli.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(cli.exitValue()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(stdout).as("no banner, no log lines").isEmpty();
        assertThat(stderr.lines()).singleElement().asString().startsWith("Error: no Quiver runtime at http://127.0.0.1:");
    }

    private Process quiver(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("quiver.cli.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("QUIVER_RUNTIME_JAR");
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private Path functionsFolder(String... names) throws IOException {
        Path functions = Files.createDirectories(dir.resolve("functions"));
        for (String name : names) {
            Files.writeString(Files.createDirectories(functions.resolve(name)).resolve("function.yaml"),
                    "metadata: {name: " + name + "}\n");
        }
        return functions;
    }

    /** A jar whose manifest runs {@link FakeRuntimeMain} from this module's test classes. */
    private Path fakeRuntimeJar() throws Exception {
        Path testClasses = Path.of(FakeRuntimeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeRuntimeMain.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses.toUri().toString());
        Path jar = dir.resolve("fake-runtime.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    private static Properties runtimeProperties(Path functions) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(functions.resolve(".fake-runtime.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Everything a process writes on stdout and stderr, collected line by line as it comes. */
    private static final class Output {
        private final List<String> lines = new CopyOnWriteArrayList<>();

        static Output of(Process process) {
            Output output = new Output();
            output.collect(process.getInputStream());
            output.collect(process.getErrorStream());
            return output;
        }

        private void collect(InputStream stream) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The process is gone; what it wrote is in lines.
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until a line matches; fails with everything written so far when none does within the bound. */
        void awaitLine(Predicate<String> matching) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (lines.stream().noneMatch(matching)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("no expected line in the output:\n" + text());
                }
                Thread.sleep(50);
            }
        }

        String text() {
            return String.join("\n", lines);
        }
    }
}
