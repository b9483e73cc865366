package dev.quiver.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code quiver dev} shows of the runtime's output, and what it says when the runtime dies. */
class RuntimeOutputTest {

    @Test
    void aRuntimeKilledWhileServingIsReportedWithItsSignalAndLastLines() {
        String message = RuntimeOutput.exitMessage(137, true, List.of("INFO hello is ready", "WARN low memory"));

        assertThat(message).startsWith("Error: the Quiver runtime exited (status 137, killed by signal SIGKILL")
                .contains("while serving your functions; they are no longer served.")
                .endsWith("Its last lines:\n  INFO hello is ready\n  WARN low memory");
    }

    @Test
    void aRuntimeThatFailsToStartIsReportedAsSuch() {
        String message = RuntimeOutput.exitMessage(1, false, List.of("ERROR port 8080 is in use"));

        assertThat(message).isEqualTo("Error: the Quiver runtime exited (status 1) before its functions were ready."
                + " Its last lines:\n  ERROR port 8080 is in use");
    }

    @Test
    void aRuntimeThatWroteNothingSaysSo() {
        assertThat(RuntimeOutput.exitMessage(0, true, List.of())).endsWith("It wrote nothing.");
    }

    @Test
    void theOutputIsCopiedAndItsLastLinesAreKept() throws Exception {
        Process process = new ProcessBuilder("sh", "-c",
                "echo oops >&2; i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); done; exit 3").start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RuntimeOutput output = RuntimeOutput.follow(process, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        process.waitFor();
        List<String> last = output.lastLines();

        // The two streams are read by two threads: only stdout's lines have an order here.
        assertThat(last).contains("line 30", "line 12").doesNotContain("line 1", "line 2");
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("line 1\n").contains("line 30\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
    }
}
