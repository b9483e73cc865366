package dev.quiver.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.builder.aot.AotCache;
import dev.quiver.builder.aot.JavaRuntime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Images of a Quarkus app folder pushed to a real registry ({@code docker-registry}) and written as OCI tars. */
class ImageBuilderIT {

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
    void pushesANonRootImageWithTheAppInLayersAndJavaAsEntrypoint() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("quarkus-app")).write();

        BuiltImage built = build(app, "fn/hello:1");

        assertThat(built.pushed()).isTrue();
        assertThat(built.byDigest()).isEqualTo(registry.host() + "/fn/hello@" + built.digest());
        assertThat(registry.digest("fn/hello", "1")).isEqualTo(built.digest());
        JsonNode manifest = registry.manifest("fn/hello", built.digest());
        // The base image's one layer, then dependencies, quarkus and application.
        assertThat(manifest.path("layers")).hasSize(4);
        JsonNode config = registry.config("fn/hello", manifest).path("config");
        assertThat(config.path("User").asText()).isEqualTo("65532");
        assertThat(texts(config.path("Entrypoint"))).containsExactly("java", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/quarkus-run.jar");
        assertThat(texts(config.path("Env"))).contains("PORT=8080", "PATH=/opt/java/bin:/usr/bin:/bin");
        assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(config.path("Labels").path(ImageSpec.AOT_CACHE_LABEL).asText()).isEqualTo("false");
        assertThat(config.path("Labels").path(DefaultProbe.IMAGE_LABEL).asText()).as("no health library").isEqualTo("Tcp");
        assertThat(built.defaultProbe()).isEqualTo(DefaultProbe.Tcp);
        assertThat(layerFiles(manifest, 1)).contains("app/lib/main/io.vertx.vertx-core-4.5.22.jar",
                "app/quarkus-app-dependencies.txt");
        assertThat(layerFiles(manifest, 2)).contains("app/quarkus-run.jar", "app/quarkus/generated-bytecode.jar");
        assertThat(layerFiles(manifest, 3)).containsOnly("app/app/hello-1.0.jar");
    }

    @Test
    void anAotCacheLandsInItsOwnLastLayerAndTheEntrypointStartsFromIt() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("quarkus-app")).write();
        Path cache = Files.writeString(temp.resolve("app.aot"), "an AOT cache");

        BuiltImage built = new ImageBuilder(true, temp.resolve("cache"), line -> { }).build(
                ImageSpec.function(base, app, Map.of(), Optional.of(new AotCache(cache, "25.0.3+9-LTS"))),
                new ImageTarget.Registry(registry.host() + "/fn/cached:1"));

        JsonNode manifest = registry.manifest("fn/cached", built.digest());
        assertThat(manifest.path("layers")).hasSize(5);
        assertThat(layerFiles("fn/cached", manifest, 4)).containsExactly("app/app.aot");
        assertThat(layerFiles("fn/cached", manifest, 3)).containsOnly("app/app/hello-1.0.jar");
        JsonNode config = registry.config("fn/cached", manifest).path("config");
        assertThat(texts(config.path("Entrypoint"))).containsExactly("java", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/app.aot", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", "/app/quarkus-run.jar");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(config.path("Labels").path(ImageSpec.AOT_CACHE_LABEL).asText()).isEqualTo("true");
        assertThat(config.path("Labels").path(ImageSpec.AOT_JAVA_LABEL).asText()).isEqualTo("25.0.3+9-LTS");
    }

    @Test
    void theBaseImagesOwnJavaRuntimeIsUnpackedByteForByte() throws Exception {
        Optional<Path> runtime = TestBaseImage.java25Runtime();
        assumeTrue(runtime.isPresent(), "no JDK 25 or later in /usr/lib/jvm");
        String javaBase = TestBaseImage.pushWithJava(registry, runtime.get());
        Path root = Files.createDirectories(temp.resolve("work")).resolve("java");

        JavaRuntime java = new ImageBuilder(true, temp.resolve("cache"), line -> { }).unpackJava(javaBase, root);

        assertThat(java.home()).isEqualTo(root.resolve("opt/java/openjdk"));
        assertThat(java.supportsAotCache()).isTrue();
        // The JVM accepts a cache only with the runtime image (lib/modules) that made it.
        assertThat(Files.mismatch(java.home().resolve("lib/modules"), runtime.get().resolve("lib/modules")))
                .isEqualTo(-1L);
        Process version = new ProcessBuilder(java.launcher().toString(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(version.waitFor()).isZero();
    }

    @Test
    void aBaseWithoutJava25GivesNoCacheAndSaysWhy() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("quarkus-app")).write();

        AotCacheMaker.Outcome outcome = new AotCacheMaker(new ImageBuilder(true, temp.resolve("cache"), line -> { }))
                .make(base, app, temp.resolve("aot"), Map.of());

        assertThat(outcome.cache()).isEmpty();
        assertThat(outcome.message()).startsWith("no AOT cache").contains("is 21");
    }

    @Test
    void aCodeChangeChangesOnlyTheApplicationLayer() throws Exception {
        Path first = QuarkusAppFixture.in(temp.resolve("v1")).builtAt(1_700_000_000_000L).write();
        Path second = QuarkusAppFixture.in(temp.resolve("v2")).builtAt(1_700_000_600_000L)
                .appCode("class Hello { String greet() { return \"Hello, world\"; } }").write();

        List<String> before = layerDigests(build(first, "fn/changed:1"), "fn/changed");
        List<String> after = layerDigests(build(second, "fn/changed:2"), "fn/changed");

        assertThat(after.subList(0, 3)).isEqualTo(before.subList(0, 3));
        assertThat(after.get(3)).isNotEqualTo(before.get(3));
    }

    @Test
    void theSameAppBuiltAtAnotherTimeGivesTheSameDigest() throws Exception {
        Path first = QuarkusAppFixture.in(temp.resolve("a")).builtAt(1_700_000_000_000L).write();
        Path second = QuarkusAppFixture.in(temp.resolve("b")).builtAt(1_800_000_000_000L).write();

        BuiltImage one = build(first, "fn/same:1");
        BuiltImage two = build(second, "fn/same:2");

        assertThat(two.digest()).isEqualTo(one.digest());
    }

    @Test
    void aTarIsAnOciLayoutWithTheImageItsDigestNames() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("quarkus-app")).write();
        Path tar = temp.resolve("hello.tar");

        BuiltImage built = new ImageBuilder(true, temp.resolve("cache"), line -> { })
                .build(ImageSpec.function(base, app, Map.of()), new ImageTarget.Tar(tar, "fn/hello:tar"));

        Map<String, byte[]> entries = tarEntries(Files.newInputStream(tar));
        assertThat(built.pushed()).isFalse();
        assertThat(entries).containsKeys("oci-layout", "index.json");
        JsonNode index = new ObjectMapper().readTree(entries.get("index.json"));
        String manifestDigest = index.path("manifests").get(0).path("digest").asText();
        assertThat(manifestDigest).isEqualTo(built.digest());
        JsonNode manifest = new ObjectMapper().readTree(entries.get(blobPath(manifestDigest)));
        assertThat(entries).containsKey(blobPath(manifest.path("config").path("digest").asText()));
        for (JsonNode layer : manifest.path("layers")) {
            assertThat(entries).containsKey(blobPath(layer.path("digest").asText()));
        }
    }

    private BuiltImage build(Path app, String repositoryAndTag) throws BuildException {
        return new ImageBuilder(true, temp.resolve("cache"), line -> { })
                .build(ImageSpec.function(base, app, Map.of("dev.quiver.function", "hello")),
                        new ImageTarget.Registry(registry.host() + "/" + repositoryAndTag));
    }

    private static List<String> layerDigests(BuiltImage built, String repository) throws Exception {
        List<String> digests = new ArrayList<>();
        registry.manifest(repository, built.digest()).path("layers").forEach(l -> digests.add(l.path("digest").asText()));
        return digests;
    }

    private static List<String> layerFiles(JsonNode manifest, int layer) throws Exception {
        return layerFiles("fn/hello", manifest, layer);
    }

    private static List<String> layerFiles(String repository, JsonNode manifest, int layer) throws Exception {
        byte[] blob = registry.blob(repository, manifest.path("layers").get(layer).path("digest").asText());
        return tarEntries(new GZIPInputStream(new ByteArrayInputStream(blob))).keySet().stream()
                .filter(name -> !name.endsWith("/")).toList();
    }

    private static String blobPath(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The entries of a (plain) tar stream: name to content. */
    static Map<String, byte[]> tarEntries(InputStream in) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                entries.put(name, tar.readAllBytes());
            }
        }
        return entries;
    }
}
