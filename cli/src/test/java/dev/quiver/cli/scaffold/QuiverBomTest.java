package dev.quiver.cli.scaffold;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM has no parent (so that importing it brings only what a function needs), so its versions are written
 * out: they must be those of the reactor, which the CLI's build info carries.
 */
class QuiverBomTest {

    @Test
    void theBomsVersionAndQuarkusPlatformAreTheReactors() throws IOException {
        // Tests run in the module's folder; the BOM is a sibling module of the reactor.
        String bom = Files.readString(Path.of("..", "functions", "bom", "pom.xml"));
        BuildInfo build = BuildInfo.load();

        assertThat(bom).doesNotContain("<parent>")
                .contains("<artifactId>quiver-bom</artifactId>\n  <version>" + build.quiverVersion() + "</version>")
                .contains("<quarkus.platform.version>" + build.quarkusVersion() + "</quarkus.platform.version>");
    }
}
