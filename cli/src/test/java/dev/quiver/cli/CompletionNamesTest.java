package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The completion script in a real bash: a stand-in {@code quiver} answers {@code __complete} with fixed names (and
 * records what it was asked), so these tests check the script's choice of what to complete and what it passes on.
 */
class CompletionNamesTest {

    @TempDir
    Path dir;
    private Path script;
    private Path asked;

    @BeforeEach
    void writeScriptAndStandIn() throws IOException {
        CliRun run = CliRun.of("completion");
        assertThat(run.exitCode()).as(run.err()).isZero();
        script = Files.writeString(dir.resolve("quiver-completion.bash"), run.out());
        asked = dir.resolve("asked");
        Path standIn = Files.writeString(dir.resolve("quiver"), """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                case "$2" in
                  functions) printf 'hello\\ngreeter\\nword-count\\n' ;;
                  revisions) printf '%%s-00001\\n%%s-00002\\n' "$3" "$3" ;;
                esac
                """.formatted(asked));
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theWordAfterDescribeCompletesFromTheFunctions() throws Exception {
        assertThat(complete("describe", "he")).isEqualTo("hello");
        assertThat(complete("logs", "")).isEqualTo("hello greeter word-count");
    }

    @Test
    void theWordAfterRevisionCompletesFromThatFunctionsRevisions() throws Exception {
        assertThat(complete("logs", "hello", "--revision", "")).isEqualTo("hello-00001 hello-00002");
        assertThat(complete("rollback", "greeter", "")).isEqualTo("greeter-00001 greeter-00002");
    }

    @Test
    void rolloutSubcommandsCompleteTheFunctionAfterTheVerb() throws Exception {
        assertThat(complete("rollout", "status", "gr")).isEqualTo("greeter");
    }

    @Test
    void theTargetAndNamespaceTypedArePassedOn() throws Exception {
        complete("describe", "--target", "cluster", "-n", "team-a", "");

        assertThat(Files.readString(asked).strip()).isEqualTo("__complete functions --target cluster -n team-a");
    }

    @Test
    void optionsStillCompleteFromPicocli() throws Exception {
        assertThat(complete("logs", "hello", "--ta")).isEqualTo("--tail --target");
    }

    /** What bash offers for the last word of {@code quiver WORDS...}. */
    private String complete(String... words) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder("COMP_WORDS=(" + dir.resolve("quiver"));
        for (String word : words) {
            line.append(" '").append(word).append('\'');
        }
        line.append("); COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_CWORD=").append(words.length).append("; _quiver_with_names; echo \"${COMPREPLY[*]}\"");
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " >/dev/null 2>&1; " + line)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
