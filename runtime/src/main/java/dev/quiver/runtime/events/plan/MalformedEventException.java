package dev.quiver.runtime.events.plan;

/** A message that cannot become a CloudEvent (e.g. a {@code ce-time} that is not a timestamp); never retried. */
public final class MalformedEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A malformed event, with the reason in words a person can act on. */
    public MalformedEventException(String message) {
        super(message);
    }
}
