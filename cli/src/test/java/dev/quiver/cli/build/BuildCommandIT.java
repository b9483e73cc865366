package dev.quiver.cli.build;

import dev.quiver.standin.testing.FunctionFolders;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.builder.RegistryProcess;
import dev.quiver.builder.TestBaseImage;
import dev.quiver.builder.aot.JavaRuntime;
import dev.quiver.cli.fake.CliRun;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code quiver build} on the hello sample (a temporary copy), built by Maven as a child process and pushed to a real
 * registry ({@code docker-registry} on loopback), read back through the registry API.
 */
class BuildCommandIT {

    private static final Path FUNCTIONS = Path.of("..", "functions");
    private static final String APP_JAR = "app/app/quiver-function-hello-0.1.0-SNAPSHOT.jar";

    private static RegistryProcess registry;
    private static String base;

    @TempDir
    Path temp;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start();
        base = TestBaseImage.push(registry);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void buildsPushesAndWritesTheDigestBackThenACodeChangeLeavesTheDependencyLayersAlone() throws Exception {
        Path hello = copyOfHello();
        Path digestFile = temp.resolve("digest");

        CliRun first = build(hello, "--digest-file", digestFile.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        String image = first.out().trim();
        assertThat(image).matches(registry.host() + "/hello@sha256:[0-9a-f]{64}");
        assertThat(Files.readString(digestFile)).as("the image, then the probes' default (hello has the SDK)")
                .isEqualTo(image + "\ndefaultProbe=QuiverSdk");
        assertThat(first.err()).contains("Probes: readiness GET /health/ready, liveness GET /health/live (default: "
                + "the app has the Quiver SDK)");
        assertThat(Files.readString(hello.resolve("function.yaml"))).contains("  image: " + image + "\n")
                .contains("  annotations:\n    quiver.dev/default-probe: QuiverSdk\n")
                .contains("# The echo sample");
        String digest = image.substring(image.indexOf('@') + 1);
        assertThat(registry.digest("hello", "latest")).isEqualTo(digest);
        JsonNode manifest = registry.manifest("hello", digest);
        JsonNode config = registry.config("hello", manifest).path("config");
        assertThat(config.path("User").asText()).isEqualTo("65532");
        assertThat(texts(config.path("Entrypoint"))).endsWith("-jar", "/app/quarkus-run.jar");
        assertThat(texts(config.path("Env"))).contains("PORT=8080");
        List<String> layers = layerDigests(manifest);
        // base, dependencies, snapshot-dependencies (the SDK), quarkus, application
        assertThat(layers).hasSize(5);
        assertThat(layerFiles(layers.get(1))).anyMatch(f -> f.startsWith("app/lib/main/io.quarkus.quarkus-funqy"));
        assertThat(layerFiles(layers.get(2))).anyMatch(f -> f.startsWith("app/lib/main/dev.quiver.quiver-function-sdk"));
        assertThat(layerFiles(layers.get(4))).containsExactly(APP_JAR);

        Path source = hello.resolve("src/main/java/dev/quiver/functions/hello/Hello.java");
        Files.writeString(source, Files.readString(source) + "\n// a one-line change\nclass Changed {}\n");
        CliRun second = build(hello);

        assertThat(second.exitCode()).as(second.err()).isZero();
        List<String> after = layerDigests(registry.manifest("hello", second.out().trim().replaceAll(".*@", "")));
        assertThat(after.subList(0, 3)).as("base and dependency layers").isEqualTo(layers.subList(0, 3));
        assertThat(after.get(4)).as("application layer").isNotEqualTo(layers.get(4));
    }

    @Test
    void helloStartsFromAnAotCacheThatItsBaseImagesJavaMadeAndNoAotBuildsWithoutOne() throws Exception {
        Optional<Path> runtime = TestBaseImage.java25Runtime();
        assumeTrue(runtime.isPresent(), "no JDK 25 or later in /usr/lib/jvm");
        String javaBase = TestBaseImage.pushWithJava(registry, runtime.get());
        String javaVersion = JavaRuntime.at(runtime.get()).orElseThrow().version();
        Path hello = copyOfHello();

        CliRun run = CliRun.of("build", hello.toString(), "--registry", registry.host(), "--base-image", javaBase,
                "--insecure-registry", "--cache-dir", temp.resolve("cache").toString(), "--no-write-back");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("trained the AOT cache with Java " + javaVersion);
        String digest = run.out().trim().replaceAll(".*@", "");
        JsonNode manifest = registry.manifest("hello", digest);
        List<String> layers = layerDigests(manifest);
        // base, dependencies, snapshot-dependencies, quarkus, application, aot-cache
        assertThat(layers).hasSize(6);
        assertThat(layerFiles(layers.get(5))).containsExactly("app/app.aot");
        assertThat(layerFiles(layers.get(4))).containsExactly(APP_JAR);
        JsonNode config = registry.config("hello", manifest).path("config");
        List<String> entrypoint = texts(config.path("Entrypoint"));
        assertThat(entrypoint).containsSubsequence("java", "-XX:AOTCache=/app/app.aot", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", "/app/quarkus-run.jar");
        assertThat(config.path("Labels").path("dev.quiver.aot-cache").asText()).isEqualTo("true");
        assertThat(config.path("Labels").path("dev.quiver.aot-java").asText()).isEqualTo(javaVersion);
        // The image's app and cache, run by the base's runtime as the entrypoint says: with -XX:AOTMode=on the JVM
        // refuses to start unless it accepts the cache.
        Path image = temp.resolve("image");
        for (String layer : layers.subList(1, 6)) {
            unpackLayer(layer, image);
        }
        assertThat(answerOfEntrypoint(entrypoint, runtime.get(), image)).contains("Hello");

        CliRun plain = CliRun.of("build", hello.toString(), "--skip-maven", "--no-aot", "--registry",
                registry.host(), "--image", "hello-plain", "--base-image", javaBase, "--insecure-registry",
                "--cache-dir", temp.resolve("cache").toString());

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.err()).contains("--no-aot");
        JsonNode plainManifest = registry.manifest("hello-plain", plain.out().trim().replaceAll(".*@", ""));
        assertThat(plainManifest.path("layers")).hasSize(5);
        JsonNode plainConfig = registry.config("hello-plain", plainManifest).path("config");
        assertThat(texts(plainConfig.path("Entrypoint"))).noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
        assertThat(plainConfig.path("Labels").path("dev.quiver.aot-cache").asText()).isEqualTo("false");
    }

    @Test
    void theSameBuildOutputGivesTheSameDigestPushedOrWrittenAsATar() throws Exception {
        Path hello = copyOfHello();
        CliRun pushed = build(hello, "--no-write-back");
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        Path tar = temp.resolve("hello.tar");

        CliRun written = CliRun.of("build", hello.toString(), "--skip-maven", "--tar", tar.toString(),
                "--base-image", base, "--insecure-registry", "--cache-dir", temp.resolve("cache").toString());

        assertThat(written.exitCode()).as(written.err()).isZero();
        String pushedDigest = pushed.out().trim().replaceAll(".*@", "");
        assertThat(written.out().trim()).endsWith("@" + pushedDigest);
        assertThat(tarNames(Files.newInputStream(tar))).contains("oci-layout", "index.json",
                "blobs/" + pushedDigest.replace(':', '/'));
        assertThat(Files.readString(hello.resolve("function.yaml"))).contains("image: localhost:5000/quiver/hello:latest");
    }

    @ParameterizedTest
    @CsvSource({"builder/builder.yaml, quiver-builder", "images/runtime.yaml, runtime",
            "images/controller.yaml, controller"})
    void theProjectsOwnImagesBuildFromTheirRecipesWithTheSamePath(String recipe, String name) throws Exception {
        Path tar = temp.resolve(name + ".tar");

        CliRun run = CliRun.of("build", "--recipe", Path.of("..", "deploy").resolve(recipe).toString(),
                "--base-image", base, "--insecure-registry", "--tar", tar.toString(),
                "--cache-dir", temp.resolve("cache").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().trim()).matches(name + "@sha256:[0-9a-f]{64}");
        assertThat(tarNames(Files.newInputStream(tar))).contains("oci-layout", "index.json");
    }

    @Test
    void aFolderWithoutAProjectIsAClearError() {
        CliRun run = CliRun.of("build", temp.toString(), "--registry", registry.host());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("there is no pom.xml");
    }

    private CliRun build(Path hello, String... extra) {
        List<String> args = new ArrayList<>(List.of("build", hello.toString(), "--registry", registry.host(),
                "--base-image", base, "--insecure-registry", "--cache-dir", temp.resolve("cache").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private Path copyOfHello() throws IOException {
        return FunctionFolders.copyFunction(FUNCTIONS, "hello", temp);
    }

    /** Writes the files of one of hello's image layers below {@code root} (the image's paths). */
    private static void unpackLayer(String digest, Path root) throws Exception {
        byte[] blob = registry.blob("hello", digest);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(blob)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    Path file = root.resolve(entry.getName().replaceFirst("^\\.?/", ""));
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file);
                }
            }
        }
    }

    /**
     * Runs an image's entrypoint on this machine, with the image's files below {@code root}, {@code java} being
     * {@code runtime}'s and {@code -XX:AOTMode=on} added; answers the function's reply to {@code {}}.
     */
    private static String answerOfEntrypoint(List<String> entrypoint, Path runtime, Path root) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(runtime.resolve("bin/java").toString());
        command.add("-XX:AOTMode=on");
        for (String arg : entrypoint.subList(1, entrypoint.size())) {
            command.add(arg.replace("/app/", root.resolve("app") + "/"));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = root.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.resolve("app").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .timeout(Duration.ofSeconds(5)).build();
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (process.isAlive() && System.nanoTime() < end) {
                try {
                    return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new AssertionError("the app did not answer: " + Files.readString(log));
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> layerDigests(JsonNode manifest) {
        List<String> digests = new ArrayList<>();
        manifest.path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
        return digests;
    }

    private static List<String> layerFiles(String digest) throws Exception {
        return tarNames(new GZIPInputStream(new ByteArrayInputStream(registry.blob("hello", digest)))).stream()
                .filter(name -> !name.endsWith("/")).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> tarNames(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName());
            }
        }
        return names;
    }
}
