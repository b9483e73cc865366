package dev.quiver.api.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class MavenPackageTest {

    @TempDir
    Path folder;

    @Test
    void usesTheFoldersWrapperWhenItHasOneAndTriesOfflineFirst() throws IOException {
        Path wrapper = executable("mvnw", "#!/bin/sh\nexit 0\n");

        List<List<String>> attempts = MavenPackage.attempts(folder, true);

        assertThat(attempts).containsExactly(
                List.of(wrapper.toAbsolutePath().toString(), "-B", "-q", "-o", "package", "-DskipTests"),
                List.of(wrapper.toAbsolutePath().toString(), "-B", "-q", "package", "-DskipTests"));
    }

    @Test
    void usesMavenFromThePathWithoutAWrapperAndOnlyOnlineWhenNotOfflineFirst() {
        assertThat(MavenPackage.attempts(folder, false))
                .containsExactly(List.of("mvn", "-B", "-q", "package", "-DskipTests"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void succeedsWhenMavenMakesTheQuarkusRunJar() throws Exception {
        executable("mvnw", "#!/bin/sh\necho building\nmkdir -p target/quarkus-app\ntouch target/quarkus-app/quarkus-run.jar\n");

        MavenPackage.Result result = MavenPackage.run(folder, folder.resolve("target/quiver-build.log"), true);

        assertThat(result.success()).isTrue();
        assertThat(result.app()).isEqualTo(folder.resolve("target/quarkus-app"));
        assertThat(result.output()).isEqualTo("building");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void failsWithTheLogTailWhenBothAttemptsFail() throws Exception {
        executable("mvnw", "#!/bin/sh\necho \"no luck with $*\"\nexit 1\n");

        MavenPackage.Result result = MavenPackage.run(folder, folder.resolve("build.log"), true);

        assertThat(result.success()).isFalse();
        // the online attempt ran last and its output is what is shown
        assertThat(result.output()).isEqualTo("no luck with -B -q package -DskipTests");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aSuccessWithoutAQuarkusAppSaysWhatIsMissing() throws Exception {
        executable("mvnw", "#!/bin/sh\nexit 0\n");

        MavenPackage.Result result = MavenPackage.run(folder, folder.resolve("build.log"), false);

        assertThat(result.success()).isFalse();
        assertThat(result.output()).contains("made no").contains("is this a Quarkus application");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aTimeoutKillsMavenAndEveryProcessItStarted() throws Exception {
        // a "Maven" that starts a child of its own and never finishes; both record their pid first
        executable("mvnw", """
                #!/bin/sh
                sleep 600 &
                echo $! > child.pid
                echo $$ > parent.pid
                wait
                """);

        MavenPackage.Result result = MavenPackage.run(folder, folder.resolve("build.log"), true,
                Duration.ofSeconds(3));

        assertThat(result.success()).isFalse();
        assertThat(result.output()).contains("did not finish within");
        assertThat(process("parent.pid")).isEmpty();
        assertThat(process("child.pid")).isEmpty();
    }

    /** The process whose pid the fake Maven wrote, when it is still running. */
    private Optional<ProcessHandle> process(String pidFile) throws IOException {
        long pid = Long.parseLong(Files.readString(folder.resolve(pidFile)).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private Path executable(String name, String script) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
