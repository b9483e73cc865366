package dev.quiver.api;

/** NATS subject syntax. */
public final class Subjects {

    /** A subject: dot-separated tokens without spaces; {@code *} matches a token, a final {@code >} the rest. */
    public static final String PATTERN = "^([A-Za-z0-9_\\-$]+|\\*)(\\.([A-Za-z0-9_\\-$]+|\\*))*(\\.>)?$|^>$";

    private static final java.util.regex.Pattern SUBJECT = java.util.regex.Pattern.compile(PATTERN);

    private Subjects() {
    }

    /** Whether the text is a valid subject or subject filter. */
    public static boolean isValid(String subject) {
        return subject != null && SUBJECT.matcher(subject).matches();
    }

    /** Whether the subject is literal (no wildcards), as a publish subject must be. */
    public static boolean isLiteral(String subject) {
        return isValid(subject) && !subject.contains("*") && !subject.contains(">");
    }
}
