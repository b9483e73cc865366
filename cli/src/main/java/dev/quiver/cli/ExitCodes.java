package dev.quiver.cli;

/** The exit statuses of {@code quiver}, so scripts can tell a usage mistake from a refusal or a missing runtime. */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** The runtime or the function answered with an error (rejected traffic, unknown function, failed call). */
    public static final int FAILED = 1;
    /** The command line is wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** No Quiver runtime (admin API or gateway) answers at the given URL. */
    public static final int NOT_RUNNING = 3;

    private ExitCodes() {
    }
}
