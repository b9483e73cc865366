package dev.quiver.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeLaunchTest {

    @Test
    void jvmOptionsComeBeforeTheRuntimesPropertiesAndJar() {
        RuntimeLaunch launch = launch(List.of("-XX:+UseParallelGC", "-Xmx256m"));

        assertThat(launch.command()).containsExactly("/jdk/bin/java", "-XX:+UseParallelGC", "-Xmx256m",
                "-Dquiver.platform=local", "-Dquiver.local.functions-dir=/fns", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=8080", "-Dquiver.admin.port=8081", "-Dquiver.dashboard.port=-1", "-jar",
                "/q/quarkus-run.jar");
    }

    @Test
    void withoutJvmOptionsTheRuntimeGetsTheJvmsDefaults() {
        assertThat(launch(List.of()).command()).startsWith("/jdk/bin/java", "-Dquiver.platform=local")
                .noneMatch(argument -> argument.startsWith("-XX:") || argument.startsWith("-Xm"));
    }

    private static RuntimeLaunch launch(List<String> jvmOptions) {
        return new RuntimeLaunch(Path.of("/jdk/bin/java"), Path.of("/q/quarkus-run.jar"), Path.of("/fns"),
                RuntimeLaunch.LOOPBACK, 8080, 8081, jvmOptions, Map.of("quiver.dashboard.port", "-1"));
    }
}
