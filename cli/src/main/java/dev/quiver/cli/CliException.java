package dev.quiver.cli;

import java.util.List;

/** A failure to tell the user in words (no stack trace), with the exit status it ends the command with. */
public class CliException extends RuntimeException {

    private final int exitCode;
    private final List<String> details;

    /** A failure with a message and details shown one per line under it. */
    public CliException(int exitCode, String message, List<String> details) {
        super(message);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
    }

    /** A failure with a message only. */
    public CliException(int exitCode, String message) {
        this(exitCode, message, List.of());
    }

    /** The exit status. */
    public int exitCode() {
        return exitCode;
    }

    /** Lines that explain the message, e.g. one per problem the runtime found. */
    public List<String> details() {
        return details;
    }
}
