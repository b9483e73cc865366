package dev.quiver.cli;

import dev.quiver.cli.scaffold.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A function made by the packaged {@code quiver new} builds and passes its own tests outside the checkout, with
 * nothing but the local Maven repository (where the reactor installed the BOM and the SDK before this module):
 * every template, each built by {@code mvn verify} in one Maven run (an aggregator over the four folders), so
 * Maven starts once.
 */
class NewFunctionIT {

    /** A bound on the build, so that a hung build fails instead of blocking CI; not a timing assertion. */
    private static final long BUILD_LIMIT_MINUTES = 30;

    @TempDir
    Path tmp;

    @Test
    void everyTemplateBuildsAndPassesItsTestsOutsideTheCheckoutOffline() throws Exception {
        Path checkout = Path.of(System.getProperty("quiver.mvnw")).toAbsolutePath().normalize().getParent();
        assertThat(tmp.toAbsolutePath().normalize().startsWith(checkout)).as("the functions must be outside the checkout")
                .isFalse();

        List<String> modules = new ArrayList<>();
        for (Template template : Template.values()) {
            String name = "it-" + template.id();
            Process quiver = new ProcessBuilder(java(), "-jar", System.getProperty("quiver.cli.jar"), "new", name,
                    "--template", template.id(), "--dir", tmp.toString())
                    .redirectErrorStream(true).start();
            String output = new String(quiver.getInputStream().readAllBytes());
            assertThat(quiver.waitFor()).as(output).isZero();
            assertThat(tmp.resolve(name).resolve("pom.xml")).exists().content().doesNotContain("<parent>");
            modules.add(name);
        }
        Files.writeString(tmp.resolve("pom.xml"), aggregator(modules));

        long started = System.nanoTime();
        Path log = tmp.resolve("maven.log");
        int status = maven(log, true);
        if (status != 0 && offlineResolutionFailed(log)) {
            // A fresh machine's repository lacks what only the templates use: resolve it once, as quiver dev does.
            System.out.println("[NewFunctionIT] offline build could not resolve everything; building online");
            status = maven(log, false);
        }
        System.out.printf("[NewFunctionIT] mvn verify of %d new functions: %.1f s%n", modules.size(),
                (System.nanoTime() - started) / 1e9);

        assertThat(status).as("mvn verify of the new functions failed:\n" + tail(log, 80)).isZero();
        for (String module : modules) {
            assertThat(tmp.resolve(module).resolve("target/quarkus-app/quarkus-run.jar")).as(module).exists();
            try (var reports = Files.list(tmp.resolve(module).resolve("target/surefire-reports"))) {
                assertThat(reports.map(Path::toString)).as(module + " ran its tests").anyMatch(name -> name.endsWith(".xml"));
            }
        }
    }

    /** Runs the checkout's Maven wrapper on the aggregator, with the reactor's local repository. */
    private int maven(Path log, boolean offline) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("quiver.mvnw"), "-B", "-q"));
        if (offline) {
            command.add("-o");
        }
        String repository = System.getProperty("quiver.maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.addAll(List.of("-f", tmp.resolve("pom.xml").toString(), "verify"));
        Process maven = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!maven.waitFor(BUILD_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            throw new AssertionError("mvn verify did not finish within " + BUILD_LIMIT_MINUTES + " minutes:\n" + tail(log, 80));
        }
        return maven.exitValue();
    }

    private static boolean offlineResolutionFailed(Path log) throws IOException {
        String output = Files.readString(log);
        return output.contains("offline mode") || output.contains("has not been downloaded from it before");
    }

    private static String aggregator(List<String> modules) {
        StringBuilder pom = new StringBuilder("""
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>new-functions</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>
                """);
        modules.forEach(module -> pom.append("    <module>").append(module).append("</module>\n"));
        return pom.append("  </modules>\n</project>\n").toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Arrays.asList(Files.readString(log).split("\n"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
