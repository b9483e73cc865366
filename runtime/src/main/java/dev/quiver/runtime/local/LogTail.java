package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a process's log file, to explain why it failed. Reads only the end of a long file. */
public final class LogTail {

    /** Lines a failure message quotes. */
    public static final int LINES = 10;
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /** The last {@code lines} lines of the file; empty when it is missing or empty. */
    public static String of(Path file, int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).stripTrailing().lines().toList();
            // A line cut by the byte window is dropped rather than shown half.
            int first = start > 0 && all.size() > 1 ? 1 : 0;
            return String.join("\n", all.subList(Math.max(first, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** The tail as the end of a failure message: the lines, or a note that the log is empty. */
    public static String explain(Path file) {
        String tail = of(file, LINES);
        return tail.isEmpty() ? "its log (" + file + ") is empty" : "last lines of its log:\n" + tail;
    }
}
