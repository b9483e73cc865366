package dev.quiver.builder.aot;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training runs of a stand-in app: a real child process (this JVM's own Java running a one-file server instead of the
 * app) that serves a TCP port, an HTTP health path, or exits at once; on SIGTERM it writes the "cache" as the JVM
 * would. The run waits for the app's own readiness probe and ends as soon as the app is ready or has exited.
 */
class AotTrainingRunTest {

    /** Generous: a run that waited for a probe the app never passes would fail, not slow the test down. */
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static final String SERVER = """
            import java.io.*;
            import java.net.*;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.*;

            public class Server {
                public static void main(String[] args) throws Exception {
                    String mode = System.getenv("FAKE_MODE");
                    if (mode.equals("exit")) {
                        System.out.println("boom: the configuration is missing");
                        System.exit(3);
                    }
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            Files.writeString(Path.of("app.aot"), "a cache");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
                    ServerSocket server = new ServerSocket(Integer.parseInt(System.getenv("PORT")), 50,
                            InetAddress.getLoopbackAddress());
                    System.out.println("listening");
                    while (true) {
                        try (Socket client = server.accept()) {
                            if (mode.equals("tcp")) {
                                continue; // accepts and hangs up: no HTTP at all
                            }
                            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                                    StandardCharsets.ISO_8859_1));
                            String request = in.readLine();
                            Files.writeString(Path.of("../requests.log"), request + "\\n", StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                            String status = request != null && request.startsWith("GET /q/health/ready ") ? "200 OK"
                                    : "404 Not Found";
                            client.getOutputStream().write(("HTTP/1.1 " + status
                                    + "\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                        }
                    }
                }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void anAppWithoutAHealthEndpointIsReadyOnceItAcceptsAConnection() throws Exception {
        AotTraining.Result result = AotTraining.train(fakeJava(), app(), Map.of("FAKE_MODE", "tcp"),
                readiness(DefaultProbe.Tcp), DEADLINE);

        assertThat(result.reason()).isNull();
        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readString(result.cache())).isEqualTo("a cache");
    }

    @Test
    void anHttpProbedAppIsReadyOnceItsOwnHealthPathAnswers() throws Exception {
        AotTraining.Result result = AotTraining.train(fakeJava(), app(), Map.of("FAKE_MODE", "http"),
                readiness(DefaultProbe.SmallRyeHealth), DEADLINE);

        assertThat(result.succeeded()).as(String.valueOf(result.reason())).isTrue();
        assertThat(Files.readAllLines(temp.resolve("requests.log"))).contains("GET /q/health/ready HTTP/1.1")
                .noneMatch(line -> line.startsWith("GET /health/ready "));
    }

    @Test
    void anAppThatExitsEndsTheRunWithItsLastLines() throws Exception {
        AotTraining.Result result = AotTraining.train(fakeJava(), app(), Map.of("FAKE_MODE", "exit"),
                readiness(DefaultProbe.QuiverSdk), DEADLINE);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.reason()).startsWith("the app exited before it was ready")
                .contains("boom: the configuration is missing");
    }

    private static HealthProbe readiness(DefaultProbe detected) {
        return Probes.of(new FunctionTemplate(), detected).readiness();
    }

    private Path app() throws Exception {
        return Files.createDirectories(temp.resolve("app"));
    }

    /** A "Java runtime" whose launcher runs the one-file server with this JVM's java, whatever it is asked to run. */
    private JavaRuntime fakeJava() throws Exception {
        Path home = temp.resolve("java");
        Path source = Files.writeString(temp.resolve("Server.java"), SERVER);
        Path launcher = Files.createDirectories(home.resolve("bin")).resolve("java");
        Path hostJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + hostJava + "' '" + source + "'\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new JavaRuntime(home, 25, "25");
    }
}
