package dev.quiver.runtime.kubernetes.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The names and rules of Job slots: a Job-mode function with {@code scale.max = N} has N slots, each a Lease named
 * {@code quiver-job-<hash of namespace/function>-<i>} in the runtime's namespace. A runtime replica creates a
 * slot's Lease before it creates a Job and deletes it when the Job has ended; creating an object is atomic in the
 * API server, so two replicas never hold the same slot and together never run more than N Jobs of the function.
 * A slot whose Job is no longer running (its replica died) is free again after a grace period that covers the time
 * between claiming the slot and creating the Job.
 */
public final class JobSlotLeases {

    /** The label on every slot Lease; its value is the function's hash. */
    public static final String LABEL = "quiver.dev/job-slot";
    /** The annotation naming the Job that holds the slot, as {@code namespace/name}. */
    public static final String JOB_ANNOTATION = "quiver.dev/job";
    private static final String PREFIX = "quiver-job-";

    private JobSlotLeases() {
    }

    /** The Lease of slot {@code index} of the function. */
    public static String leaseName(String namespace, String function, int index) {
        return PREFIX + functionHash(namespace, function) + "-" + index;
    }

    /** A short, name-safe hash of {@code namespace/function} (names of both may be long). */
    public static String functionHash(String namespace, String function) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((namespace + "/" + function).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether another replica's slot may be taken over: its Job is not running, and the slot was claimed longer ago
     * than the grace period (so a Job that is about to be created is not mistaken for an ended one).
     *
     * @param jobRunning whether the Job the slot names exists and has not ended
     * @param claimedAt  when the slot was claimed; null counts as long ago
     */
    public static boolean abandoned(boolean jobRunning, Instant claimedAt, Instant now, Duration grace) {
        return !jobRunning && (claimedAt == null || claimedAt.plus(grace).isBefore(now));
    }
}
