package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quiver new} on the command line: where it writes, and what it refuses before writing anything. */
class NewCommandTest {

    @TempDir
    Path parent;

    @Test
    void newWritesTheFunctionIntoParentSlashName() {
        CliRun run = CliRun.of("new", "order-sync", "--template", "event", "--dir", parent.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path folder = parent.resolve("order-sync");
        assertThat(folder.resolve("function.yaml")).content().contains("name: order-sync", "order-sync.requests");
        assertThat(folder.resolve("src/main/java/com/example/ordersync/Events.java")).exists();
        assertThat(folder.resolve("mvnw")).isExecutable();
        assertThat(run.out()).contains("Created the event function order-sync in " + folder, "quiver dev .");
    }

    @Test
    void theDefaultTemplateIsFunqy() {
        CliRun run = CliRun.of("new", "greeter", "--dir", parent.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(parent.resolve("greeter/src/main/java/com/example/greeter/Greet.java")).exists();
    }

    @Test
    void anInvalidNameIsAUsageErrorAndWritesNothing() throws IOException {
        CliRun run = CliRun.of("new", "Order_Sync", "--dir", parent.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("invalid function name", "'Order_Sync' must be at most 52 lowercase letters");
        try (var children = Files.list(parent)) {
            assertThat(children).isEmpty();
        }
    }

    @Test
    void anExistingNonEmptyFolderIsRefusedAndLeftAlone() throws IOException {
        Path folder = Files.createDirectories(parent.resolve("taken"));
        Files.writeString(folder.resolve("notes.txt"), "mine");

        CliRun run = CliRun.of("new", "taken", "--dir", parent.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains(folder + " exists and is not empty");
        try (var children = Files.list(folder)) {
            assertThat(children).containsExactly(folder.resolve("notes.txt"));
        }
    }

    @Test
    void anExistingEmptyFolderIsFilled() throws IOException {
        Files.createDirectories(parent.resolve("empty"));

        CliRun run = CliRun.of("new", "empty", "--template", "job", "--dir", parent.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(parent.resolve("empty/function.yaml")).content().contains("mode: Job");
    }

    @Test
    void anUnknownTemplateIsAUsageError() {
        CliRun run = CliRun.of("new", "fn", "--template", "cobol", "--dir", parent.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--template", "cobol");
    }
}
