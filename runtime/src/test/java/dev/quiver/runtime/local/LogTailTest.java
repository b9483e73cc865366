package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end of a log file, quoted in failure messages. */
class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheLastLinesOfALongLog() throws IOException {
        Path log = dir.resolve("replica.log");
        Files.writeString(log, IntStream.rangeClosed(1, 20000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogTail.of(log, 3)).isEqualTo("line 19998\nline 19999\nline 20000");
        assertThat(LogTail.explain(log)).startsWith("last lines of its log:\nline 19991\n").endsWith("line 20000");
    }

    @Test
    void aMissingOrEmptyLogIsSaidToBeEmpty() throws IOException {
        assertThat(LogTail.of(dir.resolve("none.log"), 10)).isEmpty();
        Path empty = Files.createFile(dir.resolve("empty.log"));

        assertThat(LogTail.explain(empty)).contains("is empty");
    }
}
