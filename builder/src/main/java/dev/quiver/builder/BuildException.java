package dev.quiver.builder;

/** An image could not be built or delivered; the message says why in words a user can act on. */
public class BuildException extends Exception {

    /** A failure with its message. */
    public BuildException(String message) {
        super(message);
    }

    /** A failure with its message and cause. */
    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
