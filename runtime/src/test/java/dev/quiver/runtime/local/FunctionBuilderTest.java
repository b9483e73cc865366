package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.contract.DefaultProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probes' default of a built app, from the names of its library jars. */
class FunctionBuilderTest {

    @TempDir
    Path app;

    private void jar(String folder, String name) throws IOException {
        Path dir = Files.createDirectories(app.resolve("lib").resolve(folder));
        Files.createFile(dir.resolve(name));
    }

    @Test
    void anAppWithTheSdkIsProbedOnTheSdksEndpoints() throws IOException {
        jar("main", "io.quarkus.quarkus-smallrye-health-3.30.7.jar");
        jar("main", "dev.quiver.quiver-function-sdk-0.1.0-SNAPSHOT.jar");

        assertThat(FunctionBuilder.detectProbe(app)).isEqualTo(DefaultProbe.QuiverSdk);
    }

    @Test
    void anAppWithSmallRyeHealthIsProbedOnQuarkusHealthEndpoints() throws IOException {
        jar("boot", "io.quarkus.quarkus-bootstrap-runner-3.30.7.jar");
        jar("main", "io.quarkus.quarkus-smallrye-health-3.30.7.jar");

        assertThat(FunctionBuilder.detectProbe(app)).isEqualTo(DefaultProbe.SmallRyeHealth);
    }

    @Test
    void anyOtherAppIsProbedByATcpConnect() throws IOException {
        jar("main", "io.quarkus.quarkus-rest-3.30.7.jar");

        assertThat(FunctionBuilder.detectProbe(app)).isEqualTo(DefaultProbe.Tcp);
        assertThat(FunctionBuilder.detectProbe(app.resolve("no-such-app"))).isEqualTo(DefaultProbe.Tcp);
    }
}
