package dev.quiver.api.contract;

import dev.quiver.api.FunctionRevision;
import java.util.Map;
import java.util.TreeMap;

/**
 * The label keys Quiver puts on its objects, and the label sets of a revision's children and pods. The controller
 * writes them, the runtime selects endpoints by them, the CLI lists pods by them and the local platform labels its
 * revisions with them, so all of them read the keys from here.
 */
public final class Labels {

    /** Label with the owning function's name, on revisions and on everything a revision owns. */
    public static final String FUNCTION = "quiver.dev/function";
    /** Label with the revision's name, on everything a revision owns and on its pods. */
    public static final String REVISION = "quiver.dev/revision";
    /**
     * Label on a revision: the {@code TemplateHash} of the Function inputs it was made from, by which the controller
     * (and the local platform) finds the revision of unchanged inputs again instead of making a new one.
     */
    public static final String TEMPLATE_HASH = "quiver.dev/template-hash";
    /** Standard label naming the manager of the object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY} on what the controller makes. */
    public static final String MANAGED_BY_CONTROLLER = "quiver-controller";
    /** Label on a build Job and its pod: the {@code SourceHash} of the source and settings it builds. */
    public static final String BUILD = "quiver.dev/build";
    /** Label on a build Job's pod: the Job's name, to find its pods without relying on the Job controller's labels. */
    public static final String BUILD_JOB = "quiver.dev/build-job";

    private Labels() {
    }

    /** Function, revision and manager labels of everything a revision owns. */
    public static Map<String, String> ofRevision(FunctionRevision revision) {
        Map<String, String> labels = new TreeMap<>(podLabels(revision));
        labels.put(MANAGED_BY, MANAGED_BY_CONTROLLER);
        return labels;
    }

    /** The labels of a revision's pods: what the Service and the runtime select on. */
    public static Map<String, String> podLabels(FunctionRevision revision) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(FUNCTION, revision.getSpec().functionName);
        labels.put(REVISION, revision.getMetadata().getName());
        return labels;
    }

    /** The selector of one revision's pods. */
    public static Map<String, String> selector(FunctionRevision revision) {
        return Map.of(REVISION, revision.getMetadata().getName());
    }

    /** The label selector of a revision's pods as one string, as the scale subresource reports it. */
    public static String podSelector(String revisionName) {
        return REVISION + "=" + revisionName;
    }
}
