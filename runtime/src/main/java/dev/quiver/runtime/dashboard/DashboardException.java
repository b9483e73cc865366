package dev.quiver.runtime.dashboard;

/**
 * A request a {@link DashboardSource} cannot serve, answered as {@code {"error":..,"message":..}} with this status:
 * 501 {@code NotSupported} for what the platform does not offer the dashboard, 502 {@code Upstream} when the
 * platform's own API failed, 409 {@code Conflict} when a change raced another.
 */
public final class DashboardException extends RuntimeException {

    private final int status;
    private final String error;

    /**
     * An exception with the answer's status, reason and message (which must say what to do instead).
     *
     * @param status the HTTP status
     * @param error  the reason, e.g. {@code NotSupported}
     */
    public DashboardException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** 501 {@code NotSupported}. */
    public static DashboardException notSupported(String message) {
        return new DashboardException(501, "NotSupported", message);
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The reason in the answer's {@code error} field. */
    public String error() {
        return error;
    }
}
