package dev.quiver.controller.resources;

import dev.quiver.api.ApiJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short digest of an object's canonical JSON. The controller stores it on each child it writes and compares
 * it with the digest of the next desired state, instead of comparing with the live object: an API server
 * adds defaults to what it stores, so a field-by-field comparison would see a change on every reconcile.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** The digest of a value's JSON form (map keys sorted, empty values left out). */
    public static String of(Object value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(ApiJson.toJson(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
