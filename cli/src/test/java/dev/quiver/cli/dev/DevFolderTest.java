package dev.quiver.cli.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code quiver dev DIR} hands the runtime, for a folder of functions and for one function's folder. */
class DevFolderTest {

    @TempDir
    Path tmp;

    private Path function(Path parent, String name) throws IOException {
        Path folder = Files.createDirectories(parent.resolve(name));
        Files.writeString(folder.resolve(DevFolder.FUNCTION_YAML), "metadata: {name: " + name + "}\n");
        return folder;
    }

    @Test
    void aFolderOfFunctionsIsServedAsItIs() throws IOException {
        Path functions = Files.createDirectories(tmp.resolve("functions"));
        function(functions, "hello");
        function(functions, "greeter");
        Files.createDirectories(functions.resolve("not-a-function"));

        DevFolder served = DevFolder.of(functions);

        assertThat(served.single()).isFalse();
        assertThat(served.functionsDir()).isEqualTo(functions);
        assertThat(served.workDir()).isEqualTo(functions.resolve(".quiver"));
        assertThat(served.functions()).containsExactly("greeter", "hello");
    }

    @Test
    void oneFunctionsFolderIsServedItselfWithTheWorkFilesInItsOwnFolder() throws IOException {
        Path folder = function(Files.createDirectories(tmp.resolve("projects")), "order-sync");

        DevFolder served = DevFolder.of(folder);

        assertThat(served.single()).isTrue();
        assertThat(served.functionsDir()).isEqualTo(folder);
        assertThat(served.workDir()).isEqualTo(folder.resolve(".quiver"));
        assertThat(served.functions()).containsExactly("order-sync");
    }

    @Test
    void aRelativeDirIsTakenFromTheWorkingDirectory() throws IOException {
        Path here = Path.of("").toAbsolutePath();

        DevFolder served = DevFolder.of(Path.of("."));

        assertThat(served.functionsDir()).isEqualTo(here);
    }

    @Test
    void oneFunctionBesideOtherFunctionsIsServedAlone() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("mixed"));
        Path folder = function(parent, "order-sync");
        function(parent, "billing");

        DevFolder served = DevFolder.of(folder);

        assertThat(served.functionsDir()).isEqualTo(folder);
        assertThat(served.functions()).containsExactly("order-sync");
    }

    @Test
    void withoutDirAFunctionsOwnFolderServesItselfAndAnyOtherFolderItsFunctionsSubfolder() throws IOException {
        Path function = function(Files.createDirectories(tmp.resolve("projects")), "order-sync");

        assertThat(DevFolder.defaultDir(function)).isEqualTo(function);
        assertThat(DevFolder.defaultDir(tmp)).isEqualTo(tmp.resolve("functions"));
    }

    @Test
    void aMissingFolderIsRefused() {
        assertThatThrownBy(() -> DevFolder.of(tmp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("there is no folder");
    }
}
