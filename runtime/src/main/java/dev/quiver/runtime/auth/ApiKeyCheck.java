package dev.quiver.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks an {@code Authorization: Bearer <key>} header against the SHA-256 digest of a function's API key. Only
 * digests are kept and compared, in constant time, so neither the key nor how much of it matched leaks.
 */
public final class ApiKeyCheck {

    /** How a request's credentials compare with the expected key. */
    public enum Outcome {
        /** No bearer key at all: 401 with {@code WWW-Authenticate: Bearer}. */
        MISSING,
        /** A bearer key that is not the function's: 403. */
        WRONG,
        /** The function's key. */
        ACCEPTED,
        /**
         * A bearer key, but the function's key has not been read yet (the API server failed): 503 with
         * {@code Retry-After}, so that a caller with the right key retries instead of thinking it is wrong.
         */
        UNAVAILABLE
    }

    private static final String BEARER = "Bearer ";
    /** The length of {@link #unavailable()}: neither a SHA-256 digest (32) nor refuse-all (0). */
    private static final int UNAVAILABLE_LENGTH = 1;

    private ApiKeyCheck() {
    }

    /**
     * The SHA-256 digest of a key (its UTF-8 bytes), what the routes keep instead of the key.
     *
     * @param key the key in clear
     * @return 32 bytes
     */
    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * What routes carry while a function's key has never been read successfully: no key matches it, and the
     * gateway answers 503 rather than 401/403 (the caller's key was not judged). A fresh array each time, told apart
     * by its length, so callers cannot change a shared one.
     */
    public static byte[] unavailable() {
        return new byte[UNAVAILABLE_LENGTH];
    }

    /** Whether an expected digest is {@link #unavailable()}. */
    public static boolean isUnavailable(byte[] expectedSha256) {
        return expectedSha256 != null && expectedSha256.length == UNAVAILABLE_LENGTH;
    }

    /**
     * Compares the bearer key of an {@code Authorization} header with the expected digest.
     *
     * @param authorization  the header's value, or null when the request has none
     * @param expectedSha256 the digest of the function's key; an empty array matches no key (fails closed), nor does
     *                       {@link #unavailable()}
     * @return whether the key is missing, wrong, accepted or cannot be judged yet
     */
    public static Outcome check(String authorization, byte[] expectedSha256) {
        String key = bearerKey(authorization);
        if (key == null) {
            return Outcome.MISSING;
        }
        if (isUnavailable(expectedSha256)) {
            return Outcome.UNAVAILABLE;
        }
        // MessageDigest.isEqual runs in time independent of where the digests differ
        return expectedSha256.length > 0 && MessageDigest.isEqual(digest(key), expectedSha256)
                ? Outcome.ACCEPTED : Outcome.WRONG;
    }

    /** The key of a {@code Bearer} header (scheme in any case), or null when there is none. */
    static String bearerKey(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String key = authorization.substring(BEARER.length()).trim();
        return key.isEmpty() ? null : key;
    }
}
