package dev.quiver.runtime.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Whether a presented dashboard token is the right one. Locally it is the admin API's token; on a cluster the one
 * set in {@code quiver.dashboard.token}. Implementations compare in constant time and never log the token.
 */
@FunctionalInterface
public interface DashboardToken {

    /** Whether the token (as sent in the cookie, the bearer header or {@code ?token=}) is accepted; false for null. */
    boolean accepts(String token);

    /** A token compared with this value in constant time. */
    static DashboardToken of(String value) {
        byte[] expected = value.getBytes(StandardCharsets.UTF_8);
        return token -> token != null && !token.isEmpty()
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), expected);
    }
}
