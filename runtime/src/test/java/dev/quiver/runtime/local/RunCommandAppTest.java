package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of a {@code run:} function, digested and copied for a revision. */
class RunCommandAppTest {

    @TempDir
    Path work;
    private Path folder;

    @BeforeEach
    void folder() throws IOException {
        folder = Files.createDirectories(work.resolve("fn"));
        Files.writeString(folder.resolve("function.yaml"), "spec:\n  run: node server.js\n");
        Files.writeString(folder.resolve("server.js"), "// serves $PORT\n");
        Files.createDirectories(folder.resolve("lib"));
        Files.writeString(folder.resolve("lib").resolve("util.js"), "// util\n");
        Files.createDirectories(folder.resolve(".git"));
        Files.writeString(folder.resolve(".git").resolve("HEAD"), "ref\n");
        Files.createDirectories(folder.resolve("node_modules").resolve("left-pad"));
        Files.writeString(folder.resolve("node_modules").resolve("left-pad").resolve("index.js"), "// pkg\n");
    }

    @Test
    void theCopyHoldsTheSourceAndLinksTheInstalledPackages() {
        Path copy = RunCommandApp.copy(folder, work.resolve("builds").resolve("run-1"));

        assertThat(copy.resolve("server.js")).exists();
        assertThat(copy.resolve("lib").resolve("util.js")).exists();
        assertThat(copy.resolve(".git")).doesNotExist();
        assertThat(copy.resolve("function.yaml")).doesNotExist();
        assertThat(Files.isSymbolicLink(copy.resolve("node_modules"))).isTrue();
        assertThat(copy.resolve("node_modules").resolve("left-pad").resolve("index.js")).exists();
    }

    @Test
    void theDigestChangesWithASourceFileOrTheCommandButNotWithInstalledPackages() throws IOException {
        String before = RunCommandApp.digest(folder, "node server.js");

        Files.writeString(folder.resolve("node_modules").resolve("left-pad").resolve("index.js"), "// newer\n");
        assertThat(RunCommandApp.digest(folder, "node server.js")).isEqualTo(before);
        assertThat(RunCommandApp.digest(folder, "node --inspect server.js")).isNotEqualTo(before);

        Files.writeString(folder.resolve("server.js"), "// changed\n");
        assertThat(RunCommandApp.digest(folder, "node server.js")).isNotEqualTo(before);
    }
}
