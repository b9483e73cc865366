package dev.quiver.builder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a small folder laid out like a Quarkus fast-jar app ({@code target/quarkus-app}): the jars that the build
 * makes carry the build time in their entries, as Maven and Quarkus stamp them; the libraries under {@code lib/} are
 * the same bytes every time, as copies from the Maven repository are.
 */
public final class QuarkusAppFixture {

    /** When the libraries were released. */
    private static final long LIBRARY_TIME = 1_600_000_000_000L;

    private final Path dir;
    private long buildTimeMillis = 1_700_000_000_000L;
    private String appCode = "class Hello { String greet() { return \"Hello\"; } }";
    private final List<String> libraries = new ArrayList<>();

    private QuarkusAppFixture(Path dir) {
        this.dir = dir;
    }

    /** A fixture that writes into {@code dir}. */
    public static QuarkusAppFixture in(Path dir) {
        return new QuarkusAppFixture(dir);
    }

    /** The time stamped on the jars' entries (a second build of the same code has a later one). */
    public QuarkusAppFixture builtAt(long millis) {
        this.buildTimeMillis = millis;
        return this;
    }

    /** What the application jar holds (a code change changes it). */
    public QuarkusAppFixture appCode(String code) {
        this.appCode = code;
        return this;
    }

    /** Adds a library jar under {@code lib/main} (e.g. {@code io.quarkus.quarkus-smallrye-health-3.30.7.jar}). */
    public QuarkusAppFixture withLibrary(String fileName) {
        libraries.add(fileName);
        return this;
    }

    /** Writes the app folder and returns it. */
    public Path write() throws IOException {
        jar("lib/boot/io.quarkus.quarkus-bootstrap-runner-3.30.7.jar", Map.of("io/quarkus/Runner.class", "runner"),
                LIBRARY_TIME);
        jar("lib/main/io.vertx.vertx-core-4.5.22.jar", Map.of("io/vertx/Vertx.class", "vertx"), LIBRARY_TIME);
        for (String library : libraries) {
            jar("lib/main/" + library, Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"), LIBRARY_TIME);
        }
        Files.writeString(dir.resolve("quarkus-app-dependencies.txt"), "io.vertx:vertx-core::jar:4.5.22\n");
        jar("quarkus-run.jar", Map.of("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nMain-Class: io.quarkus.bootstrap.runner.QuarkusEntryPoint\n"));
        jar("quarkus/generated-bytecode.jar", Map.of("io/quarkus/runner/ApplicationImpl.class", "generated"));
        Files.writeString(dir.resolve("quarkus/quarkus-application.dat"), "application data");
        jar("app/hello-1.0.jar", Map.of("dev/quiver/Hello.class", appCode));
        return dir;
    }

    private void jar(String relative, Map<String, String> entries) throws IOException {
        jar(relative, entries, buildTimeMillis);
    }

    private void jar(String relative, Map<String, String> entries, long time) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTime(time);
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
