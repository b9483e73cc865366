package dev.quiver.builder.aot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JavaRuntimeTest {

    @TempDir
    Path home;

    @Test
    void readsTheFullVersionFromTheReleaseFile() throws Exception {
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\n"
                + "JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\nJAVA_VERSION=\"25.0.3\"\n");

        JavaRuntime java = JavaRuntime.at(home).orElseThrow();

        assertThat(java.feature()).isEqualTo(25);
        assertThat(java.version()).isEqualTo("25.0.3+9-LTS");
        assertThat(java.supportsAotCache()).isTrue();
    }

    @Test
    void java21MakesNoAotCache() throws Exception {
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"21.0.5\"\n");

        assertThat(JavaRuntime.at(home).orElseThrow().supportsAotCache()).isFalse();
    }

    @Test
    void aFolderWithoutAReleaseFileIsNoRuntime() {
        assertThat(JavaRuntime.at(home)).isEmpty();
    }

    @Test
    void readsOldStyleVersions() {
        assertThat(JavaRuntime.feature("1.8.0_412")).isEqualTo(8);
        assertThat(JavaRuntime.feature("17")).isEqualTo(17);
    }
}
