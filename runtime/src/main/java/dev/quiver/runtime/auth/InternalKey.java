package dev.quiver.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random key made when the runtime starts, which only its own calls through the gateway carry (events,
 * schedules, stored asynchronous requests): the gateway lets them past a function's API-key check, because the
 * trigger or the submission was authorised already. It never leaves the process: the gateway strips the header
 * before it forwards a request to a function.
 */
public final class InternalKey {

    /** The header that carries the key. */
    public static final String HEADER = "X-Quiver-Internal-Key";

    private static final String VALUE = generate();
    private static final byte[] BYTES = VALUE.getBytes(StandardCharsets.US_ASCII);

    private InternalKey() {
    }

    /** This process's key. */
    public static String value() {
        return VALUE;
    }

    /** Whether a header value is this process's key; constant time. */
    public static boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), BYTES);
    }

    /** Whether a header name (any case) is {@value #HEADER}; compares without allocating. */
    public static boolean isHeader(String name) {
        return name.length() == HEADER.length() && name.equalsIgnoreCase(HEADER);
    }

    private static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
