package dev.quiver.cli.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a built image back into a {@code function.yaml}: replaces the value of {@code spec.image} and keeps every
 * other line (comments included) as it was. Pure: text in, text out.
 */
public final class FunctionFile {

    private static final Pattern SPEC = Pattern.compile("^spec:\\s*(#.*)?$");
    private static final Pattern IMAGE = Pattern.compile("^(\\s+)image:(\\s*)([^#]*?)(\\s*#.*)?$");

    private FunctionFile() {
    }

    /**
     * The text with {@code spec.image} set to {@code image}.
     *
     * @throws IllegalArgumentException when the text has no {@code spec.image} line directly under {@code spec:}
     */
    public static String withImage(String yaml, String image) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        boolean inSpec = false;
        String specIndent = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (SPEC.matcher(line).matches()) {
                inSpec = true;
                continue;
            }
            if (!inSpec || line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                break;
            }
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            if (specIndent == null) {
                specIndent = indent;
            }
            Matcher matcher = IMAGE.matcher(line);
            if (indent.equals(specIndent) && matcher.matches()) {
                String comment = matcher.group(4) == null ? "" : matcher.group(4);
                lines.set(i, indent + "image: " + image + comment);
                return String.join("\n", lines);
            }
        }
        throw new IllegalArgumentException("function.yaml has no spec.image line to update");
    }
}
