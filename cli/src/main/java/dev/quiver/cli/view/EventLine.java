package dev.quiver.cli.view;

/**
 * One event about a function or one of its revisions, as {@code quiver describe} shows it.
 *
 * @param time    when it last happened (ISO-8601), or null
 * @param type    Normal or Warning
 * @param reason  the machine-readable reason, e.g. RevisionReady
 * @param object  the object it is about, e.g. {@code FunctionRevision/hello-00002}
 * @param message what happened, in words
 * @param count   how many times it happened
 */
public record EventLine(String time, String type, String reason, String object, String message, int count) {
}
