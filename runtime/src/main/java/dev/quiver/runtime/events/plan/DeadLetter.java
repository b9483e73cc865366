package dev.quiver.runtime.events.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of a message published to the dead-letter subject: who failed it, how often, and why. The
 * original message's own headers and data are kept beside them.
 */
public final class DeadLetter {

    /** The function that failed the message. */
    public static final String FUNCTION = "Quiver-Function";
    /** The revision that answered last, when one did. */
    public static final String REVISION = "Quiver-Revision";
    /** How many deliveries were made. */
    public static final String ATTEMPTS = "Quiver-Attempts";
    /** The last HTTP status (0 when no function answered). */
    public static final String LAST_STATUS = "Quiver-Last-Status";
    /** Why the last attempt failed. */
    public static final String ERROR = "Quiver-Error";
    /** The subject the message came in on. */
    public static final String ORIGINAL_SUBJECT = "Quiver-Original-Subject";
    /** The stream it came from. */
    public static final String STREAM = "Quiver-Stream";
    /** Its sequence in that stream. */
    public static final String STREAM_SEQUENCE = "Quiver-Stream-Sequence";

    /** NATS headers are one line each; longer reasons are cut. */
    private static final int MAX_ERROR = 1000;

    private DeadLetter() {
    }

    /**
     * The Quiver headers for a dead-lettered message.
     *
     * @param revision the revision that answered last, or null
     * @param status   the last HTTP status, 0 when none
     * @param error    why it failed
     */
    public static Map<String, String> headers(JetStreamBinding binding, String subject, long sequence, long attempts,
            String revision, int status, String error) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(FUNCTION, binding.namespace() + "/" + binding.function());
        if (revision != null) {
            headers.put(REVISION, revision);
        }
        headers.put(ATTEMPTS, String.valueOf(attempts));
        headers.put(LAST_STATUS, String.valueOf(status));
        headers.put(ERROR, oneLine(error == null ? "unknown error" : error));
        headers.put(ORIGINAL_SUBJECT, subject);
        headers.put(STREAM, binding.stream());
        headers.put(STREAM_SEQUENCE, String.valueOf(sequence));
        return headers;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n]+", " ");
        return flat.length() <= MAX_ERROR ? flat : flat.substring(0, MAX_ERROR) + "…";
    }
}
