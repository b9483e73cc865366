package dev.quiver.api.traffic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Places a sticky value (a cookie's or a header's) in the weighted split: the first 8 bytes of its SHA-256 as a
 * number in [0, 1). The same value gets the same place on every gateway replica, after every restart and in every
 * version, which a per-process hash such as {@link String#hashCode} or a seeded one would not promise.
 */
public final class StickyHash {

    private StickyHash() {
    }

    /** The place of a value in the split, uniform in [0, 1) over random values. */
    public static double point(String value) {
        byte[] digest = sha256().digest(value.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            bits = bits << 8 | digest[i] & 0xFF;
        }
        return (bits >>> 11) * 0x1.0p-53; // the top 53 bits: exactly representable, never 1.0
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
