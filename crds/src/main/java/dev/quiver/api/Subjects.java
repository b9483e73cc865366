package dev.quiver.api;

import java.util.regex.Pattern;

/** NATS subject syntax. */
public final class Subjects {

    /** A subject: dot-separated tokens without spaces; {@code *} matches a token, a final {@code >} the rest. */
    public static final String PATTERN = "^([A-Za-z0-9_\\-$]+|\\*)(\\.([A-Za-z0-9_\\-$]+|\\*))*(\\.>)?$|^>$";

    /**
     * CEL for the CRD schema: a trigger's subject starts with a literal token that is not reserved ({@code >},
     * {@code *.>}, {@code $KV.>}, {@code _INBOX.>} are refused by the API server). The full rules, with the
     * namespace's allow-list, are {@code SubjectRules}.
     */
    public static final String TRIGGER_RULE = "!(self.startsWith('>') || self.startsWith('*') || self.startsWith('$')"
            + " || self.startsWith('_'))";
    /** What the API server says when {@link #TRIGGER_RULE} fails. */
    public static final String TRIGGER_RULE_MESSAGE = "a trigger's subject starts with a literal token: '>', '*', "
            + "'$' (NATS server subjects) and '_' (inboxes) match other teams' or the server's subjects";

    private static final Pattern SUBJECT = Pattern.compile(PATTERN);

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
