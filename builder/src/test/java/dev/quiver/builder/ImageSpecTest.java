package dev.quiver.builder;

import dev.quiver.builder.aot.AotCache;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ImageSpecTest {

    private static final Path APP = Path.of("target/quarkus-app");

    @Test
    void theDefaultFunctionBaseIsTheTemurin25Jre() {
        assertThat(ImageSpec.DEFAULT_FUNCTION_BASE).isEqualTo("docker.io/library/eclipse-temurin:25-jre");
    }

    @Test
    void aFunctionWithoutACacheStartsWithPlainJavaAndSaysItHasNone() {
        ImageSpec spec = ImageSpec.function("base", APP, Map.of("dev.quiver.function", "hello"));

        assertThat(spec.entrypoint()).containsExactly("java", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/quarkus-run.jar");
        assertThat(spec.labels()).containsEntry(ImageSpec.AOT_CACHE_LABEL, "false")
                .doesNotContainKey(ImageSpec.AOT_JAVA_LABEL).containsEntry("dev.quiver.function", "hello");
        assertThat(spec.aotCache()).isEmpty();
    }

    @Test
    void aFunctionWithACacheStartsFromItWithTheFlagsItWasTrainedWith() {
        ImageSpec spec = ImageSpec.function("base", APP, Map.of(),
                Optional.of(new AotCache(Path.of("app.aot"), "25.0.3+9-LTS")));

        assertThat(spec.entrypoint()).containsSubsequence("java", "-XX:AOTCache=/app/app.aot",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/app/quarkus-run.jar");
        assertThat(spec.workingDir()).isEqualTo(spec.appRoot());
        assertThat(spec.labels()).containsEntry(ImageSpec.AOT_CACHE_LABEL, "true")
                .containsEntry(ImageSpec.AOT_JAVA_LABEL, "25.0.3+9-LTS");
    }
}
