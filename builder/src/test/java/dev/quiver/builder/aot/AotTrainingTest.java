package dev.quiver.builder.aot;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AotTrainingTest {

    @Test
    void trainingRunsTheAppByRelativePathsWithAnAbsoluteLauncherAndTheImagesFastStartFlags() {
        JavaRuntime java = new JavaRuntime(Path.of("target/quiver-aot/java/opt/java/openjdk"), 25, "25.0.3");

        List<String> command = AotTraining.command(java);

        assertThat(Path.of(command.get(0)).isAbsolute()).isTrue();
        assertThat(command.get(0)).endsWith("/opt/java/openjdk/bin/java");
        assertThat(command).contains("-XX:AOTCacheOutput=app.aot").containsAll(AotTraining.FAST_START_FLAGS)
                .endsWith("-jar", "quarkus-run.jar");
    }
}
