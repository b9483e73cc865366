package dev.quiver.cli.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a built image back into a {@code function.yaml}: replaces the value of {@code spec.image}, sets an
 * annotation, and keeps every other line (comments included) as it was. Pure: text in, text out.
 */
public final class FunctionFileEditor {

    private static final Pattern SPEC = Pattern.compile("^spec:\\s*(#.*)?$");
    private static final Pattern METADATA = Pattern.compile("^metadata:\\s*(#.*)?$");
    private static final Pattern ANNOTATIONS = Pattern.compile("^annotations:\\s*(#.*)?$");
    private static final Pattern IMAGE = Pattern.compile("^(\\s+)image:(\\s*)([^#]*?)(\\s*#.*)?$");

    private FunctionFileEditor() {
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

    /**
     * The text with the annotation {@code key} of {@code metadata.annotations} set to {@code value}: the line replaced
     * when there is one, else added (with an {@code annotations:} block when there is none).
     *
     * @throws IllegalArgumentException when the text has no block-style {@code metadata:} (e.g. {@code metadata: {name:
     *                                  x}}) or its annotations are not a block
     */
    public static String withAnnotation(String yaml, String key, String value) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        int metadata = -1;
        for (int i = 0; i < lines.size() && metadata < 0; i++) {
            if (METADATA.matcher(lines.get(i)).matches()) {
                metadata = i;
            }
        }
        if (metadata < 0) {
            throw new IllegalArgumentException("function.yaml has no metadata: block to annotate");
        }
        int end = blockEnd(lines, metadata, "");
        String indent = childIndent(lines, metadata, end, "  ");
        String entry = key + ": " + quoted(value);
        for (int i = metadata + 1; i < end; i++) {
            String line = lines.get(i);
            if (line.startsWith(indent) && !line.startsWith(indent + " ")
                    && ANNOTATIONS.matcher(line.substring(indent.length())).matches()) {
                int annotationsEnd = blockEnd(lines, i, indent);
                String inner = childIndent(lines, i, annotationsEnd, indent + indent);
                for (int j = i + 1; j < annotationsEnd; j++) {
                    String annotation = lines.get(j);
                    String name = annotation.startsWith(inner) ? annotation.substring(inner.length()) : "";
                    if (name.startsWith(key + ":") || name.startsWith("\"" + key + "\":")
                            || name.startsWith("'" + key + "':")) {
                        lines.set(j, inner + entry);
                        return String.join("\n", lines);
                    }
                }
                lines.add(lastContent(lines, i, annotationsEnd) + 1, inner + entry);
                return String.join("\n", lines);
            }
            if (line.startsWith(indent + "annotations:")) {
                throw new IllegalArgumentException("function.yaml's metadata.annotations is not a block to add to");
            }
        }
        int at = lastContent(lines, metadata, end) + 1;
        lines.add(at, indent + "annotations:");
        lines.add(at + 1, indent + indent + entry);
        return String.join("\n", lines);
    }

    /** The index after the block under line {@code start}: the next content line indented no deeper than it. */
    private static int blockEnd(List<String> lines, int start, String ownIndent) {
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            if (indent.length() <= ownIndent.length()) {
                return i;
            }
        }
        return lines.size();
    }

    /** The indentation of the block's first content line, or {@code fallback} for an empty block. */
    private static String childIndent(List<String> lines, int start, int end, String fallback) {
        for (int i = start + 1; i < end; i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                return line.substring(0, line.length() - line.stripLeading().length());
            }
        }
        return fallback;
    }

    /** The last content line of the block (the header itself for an empty one): new lines go after it. */
    private static int lastContent(List<String> lines, int start, int end) {
        for (int i = end - 1; i > start; i--) {
            if (!lines.get(i).isBlank() && !lines.get(i).trim().startsWith("#")) {
                return i;
            }
        }
        return start;
    }

    /**
     * A YAML string: plain when it is a word that YAML reads as a string, quoted otherwise (an annotation's value must
     * be a string, and {@code 1} or {@code true} would not be).
     */
    private static String quoted(String value) {
        boolean plain = value.matches("[A-Za-z][A-Za-z0-9._/-]*")
                && !value.matches("(?i)y|n|yes|no|on|off|true|false|null");
        return plain ? value : "\"" + value.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"";
    }
}
