package dev.quiver.functions.sdk;

/**
 * Thrown by a function to answer with a chosen HTTP status and a JSON error body instead of a 500.
 *
 * <p>Funqy has no way for a function to pick a status code; the SDK's failure handler turns this exception into
 * {@code {error, message, function, revision}} with {@link #status()}.
 */
public class QuiverException extends RuntimeException {

    private final int status;
    private final String error;

    /**
     * @param status the HTTP status to answer with (4xx for the caller's mistakes, 5xx for the function's)
     * @param error a short machine-readable reason, e.g. {@code BadRequest}
     * @param message what went wrong, in words the caller can act on
     */
    public QuiverException(int status, String error, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.error = error;
    }

    /** A 400 Bad Request: the input is not what the function accepts. */
    public static QuiverException badRequest(String message) {
        return new QuiverException(400, "BadRequest", message);
    }

    /** The HTTP status of the response. */
    public int status() {
        return status;
    }

    /** The short machine-readable reason of the response's {@code error} field. */
    public String error() {
        return error;
    }
}
