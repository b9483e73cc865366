package dev.quiver.cli;

import dev.quiver.api.TrafficTarget;
import dev.quiver.cli.fake.CliRun;
import dev.quiver.cli.fake.FakeQuiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.ready;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static dev.quiver.api.testing.Fixtures.revision;
import static dev.quiver.api.testing.Fixtures.serving;
import static org.assertj.core.api.Assertions.assertThat;

/** The CLI sends the dev runtime's admin token from the work folder, and says where it looked when refused. */
class AdminTokenIT {

    private static final String TOKEN = "k7Qy1p0VbWm2u5nE8rT3aXz9LcJdFhGs4oIeRtYu6A0";

    @TempDir
    Path work;

    private FakeQuiver fake;

    @BeforeEach
    void startFake() {
        try {
            fake = FakeQuiver.start().requireToken(TOKEN).with(
                    function("hello", readyOn("hello-00001"), serving(TrafficTarget.revision("hello-00001", 100))),
                    revision("hello", 1, ready(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void listSendsTheTokenFromTheWorkFolder() throws Exception {
        Path token = Files.writeString(work.resolve(".quiver-admin-token"), TOKEN + "\n");

        CliRun run = CliRun.of("list", "--admin-url=" + fake.url(), "--admin-token-file=" + token);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("hello");
        assertThat(fake.received().get(0).headers().get("Authorization")).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void withoutTheTokenTheRefusalSaysWhereTheCliLooked() {
        Path missing = work.resolve("nowhere").resolve("admin-token");

        CliRun run = CliRun.of("list", "--admin-url=" + fake.url(), "--admin-token-file=" + missing);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("AdminTokenRequired").contains("found no admin token at " + missing)
                .contains("--admin-token-file");
    }

    @Test
    void aWrongTokenIsRefusedAndNotPrinted() throws Exception {
        Path token = Files.writeString(work.resolve("admin-token"), "not-the-token-of-this-runtime-at-all-0123");

        CliRun run = CliRun.of("describe", "hello", "--admin-url=" + fake.url(), "--admin-token-file=" + token);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("sent the token in " + token).doesNotContain("not-the-token");
    }
}
