package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaHomeTest {

    @TempDir
    Path jvms;

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin/java"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return java.getParent().getParent();
    }

    @Test
    void picksTheNewestInstalledJdk() throws IOException {
        fakeJdk("java-17-openjdk", "17.0.15");
        Path temurin = fakeJdk("temurin-25-jdk", "25.0.3");
        fakeJdk("java-21-openjdk", "21.0.2");

        JavaHome newest = JavaHome.newestIn(jvms).orElseThrow();

        assertThat(newest.home()).isEqualTo(temurin);
        assertThat(newest.feature()).isEqualTo(25);
        assertThat(newest.supportsAotCache()).isTrue();
    }

    @Test
    void aJdkBefore25MakesNoAotCache() throws IOException {
        JavaHome jdk17 = JavaHome.detect(Optional.of(fakeJdk("java-17-openjdk", "17.0.15")));

        assertThat(jdk17.supportsAotCache()).isFalse();
        assertThat(jdk17.launcher()).endsWith(Path.of("bin", "java"));
    }

    @Test
    void aConfiguredFolderThatIsNoJdkIsAClearError() {
        assertThatThrownBy(() -> JavaHome.at(jvms)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a JDK");
    }
}
