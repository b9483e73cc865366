package dev.quiver.cli.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the local platform's log text to its last lines. That text is one section per replica, each under a
 * {@code ==> FILE <==} header line (as {@code tail} prints several files), so the cut keeps every header and the
 * last lines of each section: {@code --tail 20} means 20 lines per replica, as {@code kubectl logs --tail} per pod.
 */
public final class LogLines {

    private static final String HEADER = "==> ";

    private LogLines() {
    }

    /** The text with only the last {@code lines} lines under each replica's header. */
    public static String tail(String text, int lines) {
        List<String> out = new ArrayList<>();
        List<String> section = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith(HEADER) && line.endsWith(" <==")) {
                keepLast(section, lines, out);
                out.add(line);
            } else {
                section.add(line);
            }
        }
        keepLast(section, lines, out);
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    private static void keepLast(List<String> section, int lines, List<String> out) {
        out.addAll(section.subList(Math.max(0, section.size() - lines), section.size()));
        section.clear();
    }
}
