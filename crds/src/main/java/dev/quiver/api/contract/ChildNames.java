package dev.quiver.api.contract;

import dev.quiver.api.ApiJson;
import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.revisions.ConfigCopyNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of the objects made for a Function and its revisions, and of the containers and ports in their pods.
 * The controller creates them, the runtime and the CLI find them by these names, so the formats live here once.
 */
public final class ChildNames {

    /** Name of the function's container in every pod. */
    public static final String CONTAINER = "function";
    /** Port the function serves HTTP on, passed as {@code $PORT}: the contract's, which probes and validation assume. */
    public static final int PORT = FunctionEnvironment.POD_PORT;
    /** Name of the function container's port; the probes and the Service target it by this name. */
    public static final String PORT_NAME = "http";
    /** Name of the build Job's container that runs {@code quiver build}. */
    public static final String BUILD_CONTAINER = "build";
    /** Name of the build Job's init container that fetches the source into the workspace. */
    public static final String SOURCE_CONTAINER = "source";
    /** Longest CronJob name: Kubernetes appends 11 characters to name the Jobs it makes (63 - 11). */
    public static final int MAX_CRONJOB_NAME = 52;
    /** Longest name a Job may have: its pods carry it as a label value. */
    private static final int MAX_JOB_NAME = 63;

    private ChildNames() {
    }

    /** The Deployment of a revision in mode Service. */
    public static String deployment(String revisionName) {
        return revisionName;
    }

    /** The ClusterIP Service of a revision in mode Service. */
    public static String service(String revisionName) {
        return revisionName;
    }

    /** The PodTemplate a revision in mode Job keeps for the runtime to stamp Jobs from. */
    public static String jobTemplate(String revisionName) {
        return revisionName;
    }

    /**
     * The CronJob of a Job-mode function's schedule trigger at {@code index}: {@code <function>-schedule-<index>},
     * with the function's name cut and a digest of it appended when that would be too long.
     */
    public static String cronJob(String functionName, int index) {
        String suffix = "-schedule-" + index;
        String name = functionName + suffix;
        if (name.length() <= MAX_CRONJOB_NAME) {
            return name;
        }
        String digest = digest(functionName).substring(0, 8);
        String cut = functionName.substring(0, MAX_CRONJOB_NAME - suffix.length() - digest.length() - 1);
        return cut.replaceAll("-+$", "") + "-" + digest + suffix;
    }

    /** The revision's immutable copy of a ConfigMap or Secret the template reads. */
    public static String configCopy(String revisionName, ConfigSnapshot.Kind kind, String source) {
        // The kind is part of the name because a ConfigMap and a Secret may share a name.
        return revisionName + ConfigCopyNames.infix(kind) + source;
    }

    /**
     * The Job that builds a Function's source with a given {@code SourceHash}: one name per source, so a
     * reconcile after a crash finds the Job it started instead of starting another.
     */
    public static String buildJob(String function, String sourceHash) {
        String suffix = "-build-" + sourceHash.substring(0, Math.min(10, sourceHash.length()));
        String prefix = function.length() + suffix.length() > MAX_JOB_NAME
                ? function.substring(0, MAX_JOB_NAME - suffix.length()).replaceAll("[-.]+$", "") : function;
        return prefix + suffix;
    }

    /** The in-cluster URL of a revision's Service. */
    public static String revisionUrl(String revisionName, String namespace) {
        return "http://" + service(revisionName) + "." + namespace + ".svc.cluster.local";
    }

    /** SHA-256 of the name's JSON form, in hex: the same digest the controller's fingerprints use, so names stay put. */
    private static String digest(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ApiJson.toJson(name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
