package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import dev.quiver.cli.scaffold.BuildInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Argument parsing of every command, without any server: usage errors never reach the network. */
class CommandLineTest {

    // An address where nothing listens, so that a command that wrongly went to the network would fail with 3.
    private static final String NOWHERE = "--admin-url=http://127.0.0.1:9";

    @ParameterizedTest
    @ValueSource(strings = {"new", "dev", "build", "invoke", "publish", "list", "describe", "traffic", "rollback", "logs",
            "deploy", "delete", "completion"})
    void everySubcommandHasHelp(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: quiver " + command);
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("dev", "invoke", "list", "describe", "traffic", "rollback", "deploy", "delete",
                "completion", "--target dev|cluster");
    }

    @Test
    void versionIsThatOfTheBuild() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("quiver " + BuildInfo.load().quiverVersion());
    }

    @Test
    void missingFunctionNameIsAUsageError() {
        CliRun run = CliRun.of("describe");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required parameter: 'NAME'", "Try 'quiver describe --help'");
    }

    @Test
    void trafficWithoutAnySplitIsAUsageError() {
        CliRun run = CliRun.of("traffic", "hello", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("REV=PCT");
    }

    @Test
    void malformedSplitIsAUsageErrorBeforeAnyCall() {
        CliRun run = CliRun.of("traffic", "hello", "hello-00001:100", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Error: expected REV=PCT (e.g. hello-00002=90 or @latest=10), got 'hello-00001:100'",
                "Try 'quiver traffic --help'");
    }

    @Test
    void unknownOutputFormatIsAUsageError() {
        CliRun run = CliRun.of("list", "-o", "xml", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--output", "xml");
    }

    @Test
    void adminUrlThatIsNotHttpIsRejected() {
        CliRun run = CliRun.of("list", "--admin-url", "localhost:8081");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--admin-url must be an http:// URL");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun run = CliRun.of("deploy-everything");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("deploy-everything");
    }

    @Test
    void devOnAMissingFolderSaysWhatToGive() {
        CliRun run = CliRun.of("dev", "no-such-folder-here");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("there is no folder", "no-such-folder-here", "function.yaml");
    }

    @Test
    void malformedInvokeHeaderIsAUsageError() {
        CliRun run = CliRun.of("invoke", "hello", "--header", "x-group", "--url", "http://127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--header expects K=V");
    }

    @Test
    void completionPrintsAScriptThatCompletesEveryCommand() {
        CliRun run = CliRun.of("completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F", "quiver", "deploy", "rollback", "--namespace");
    }

    @Test
    void deployOnADevRuntimeSaysItChangesOnlyAClusterAndWritesNothing(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata: {name: hello}
                spec: {image: "registry.local/hello@sha256:%s"}
                """.formatted("b".repeat(64)));

        CliRun run = CliRun.of("deploy", dir.toString(), "--target", "dev", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("deploy changes a cluster", "quiver deploy --target cluster");
    }

    @Test
    void deployOfAFolderWithoutFunctionYamlSaysSo(@TempDir Path dir) {
        CliRun run = CliRun.of("deploy", dir.toString(), "--target", "dev", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("has no function.yaml");
    }
}
