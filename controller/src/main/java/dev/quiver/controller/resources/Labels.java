package dev.quiver.controller.resources;

import dev.quiver.api.FunctionRevision;

import java.util.Map;
import java.util.TreeMap;

/** The labels the controller puts on a revision's children and pods. */
public final class Labels {

    private Labels() {
    }

    /** Function, revision and manager labels of everything a revision owns. */
    public static Map<String, String> ofRevision(FunctionRevision revision) {
        Map<String, String> labels = new TreeMap<>(podLabels(revision));
        labels.put(Names.MANAGED_BY_LABEL, Names.MANAGED_BY);
        return labels;
    }

    /** The labels of a revision's pods: what the Service and the runtime select on. */
    public static Map<String, String> podLabels(FunctionRevision revision) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Names.FUNCTION_LABEL, revision.getSpec().functionName);
        labels.put(Names.REVISION_LABEL, revision.getMetadata().getName());
        return labels;
    }

    /** The selector of one revision's pods. */
    public static Map<String, String> selector(FunctionRevision revision) {
        return Map.of(Names.REVISION_LABEL, revision.getMetadata().getName());
    }
}
