package dev.quiver.controller.status;

/**
 * A Kubernetes Event the controller reports about an object.
 *
 * @param warning whether it is a Warning (else Normal)
 * @param reason  a CamelCase reason, e.g. RevisionReady
 * @param message what happened, in words
 */
public record ControllerEvent(boolean warning, String reason, String message) {

    /** A Normal event. */
    public static ControllerEvent normal(String reason, String message) {
        return new ControllerEvent(false, reason, message);
    }

    /** A Warning event. */
    public static ControllerEvent warning(String reason, String message) {
        return new ControllerEvent(true, reason, message);
    }

    /** The Event type: Normal or Warning. */
    public String type() {
        return warning ? "Warning" : "Normal";
    }
}
