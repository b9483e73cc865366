package dev.quiver.controller.resources;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.contract.FunctionEnvironment;

/**
 * The one place that names the objects the controller makes, and the labels and annotations it puts on
 * them, so that reconcilers, tests and the runtime agree without repeating string formats.
 */
public final class Names {

    /** Label with the owning function's name, on revisions and on everything a revision owns. */
    public static final String FUNCTION_LABEL = "quiver.dev/function";
    /** Label with the revision's name, on everything a revision owns and on its pods. */
    public static final String REVISION_LABEL = "quiver.dev/revision";
    /** Label on a revision: the {@code TemplateHash} of the Function inputs it was made from. */
    public static final String TEMPLATE_HASH_LABEL = "quiver.dev/template-hash";
    /** Annotation on a child: fingerprint of the desired state the controller last wrote (replicas aside). */
    public static final String DESIRED_HASH_ANNOTATION = "quiver.dev/desired-hash";
    /** Standard label naming the manager of the object. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY_LABEL}. */
    public static final String MANAGED_BY = "quiver-controller";
    /** Name of the function's container in every pod. */
    public static final String CONTAINER = "function";
    /** Port the function serves HTTP on, passed as {@code $PORT}: the contract's, which probes and validation assume. */
    public static final int PORT = FunctionEnvironment.POD_PORT;
    /** Name of the function container's port; the probes and the Service target it by this name. */
    public static final String PORT_NAME = "http";
    /** Label on a build Job and its pod: the {@code SourceHash} of the source and settings it builds. */
    public static final String BUILD_LABEL = "quiver.dev/build";
    /** Label on a build Job's pod: the Job's name, to find its pods without relying on the Job controller's labels. */
    public static final String BUILD_JOB_LABEL = "quiver.dev/build-job";
    /** Name of the build Job's container that runs {@code quiver build}. */
    public static final String BUILD_CONTAINER = "build";
    /** Name of the build Job's init container that fetches the source into the workspace. */
    public static final String SOURCE_CONTAINER = "source";
    /** Longest name a Job may have: its pods carry it as a label value. */
    private static final int MAX_JOB_NAME = 63;

    private Names() {
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

    /** Longest CronJob name: Kubernetes appends 11 characters to name the Jobs it makes (63 - 11). */
    public static final int MAX_CRONJOB_NAME = 52;

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
        String digest = Fingerprint.of(functionName).substring(0, 8);
        String cut = functionName.substring(0, MAX_CRONJOB_NAME - suffix.length() - digest.length() - 1);
        return cut.replaceAll("-+$", "") + "-" + digest + suffix;
    }

    /** The revision's immutable copy of a ConfigMap or Secret the template reads. */
    public static String configCopy(String revisionName, ConfigSnapshot.Kind kind, String source) {
        // The kind is part of the name because a ConfigMap and a Secret may share a name.
        return revisionName + (kind == ConfigSnapshot.Kind.ConfigMap ? "-cm-" : "-secret-") + source;
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

    /** The label selector of a revision's pods, as the scale subresource reports it. */
    public static String podSelector(String revisionName) {
        return REVISION_LABEL + "=" + revisionName;
    }
}
