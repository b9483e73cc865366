package dev.quiver.cli.build;

import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.builder.BuiltImage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code --digest-file} gets, which the controller reads as a build Job's termination message. */
class BuildResultTest {

    private static final String IMAGE = "registry.local/team/hello@sha256:" + "a".repeat(64);

    @Test
    void aFunctionsResultIsTheImageThenTheProbesDefault() {
        BuiltImage built = new BuiltImage("registry.local/team/hello:latest", "sha256:" + "a".repeat(64), IMAGE, true,
                DefaultProbe.SmallRyeHealth);

        assertThat(BuildCommand.result(built)).isEqualTo(IMAGE + "\ndefaultProbe=SmallRyeHealth");
    }

    @Test
    void anImageWithoutADefaultIsJustTheImage() {
        BuiltImage built = new BuiltImage("registry.local/team/builder:latest", "sha256:" + "a".repeat(64), IMAGE, true,
                null);

        assertThat(BuildCommand.result(built)).isEqualTo(IMAGE);
    }
}
