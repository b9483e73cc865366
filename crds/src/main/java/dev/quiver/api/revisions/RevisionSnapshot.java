package dev.quiver.api.revisions;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.contract.Labels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Function's next immutable revision, as both planes make it: the template as it is now and the routing headers
 * its traffic rules read, fixed from then on. Pure, and without owner references: the controller adds its own
 * (and its manager label and config copies) on top, the local platform uses it as it is.
 */
public final class RevisionSnapshot {

    private RevisionSnapshot() {
    }

    /**
     * The revision that snapshots the Function as it is now.
     *
     * @param function the Function
     * @param name     the revision's name ({@link RevisionNames#next})
     * @param image    the image (or local app) to run
     * @param hash     the {@link TemplateHash} of the inputs, stored as the {@link Labels#TEMPLATE_HASH} label to find
     *                 the revision again
     */
    public static FunctionRevision of(Function function, String name, String image, String hash) {
        String functionName = function.getMetadata().getName();
        FunctionRevision revision = new FunctionRevision();
        revision.setMetadata(new ObjectMeta());
        revision.getMetadata().setName(name);
        revision.getMetadata().setNamespace(function.getMetadata().getNamespace());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.FUNCTION, functionName);
        labels.put(Labels.TEMPLATE_HASH, hash);
        revision.getMetadata().setLabels(labels);
        revision.getSpec().functionName = functionName;
        revision.getSpec().image = image;
        revision.getSpec().mode = function.getSpec().modeOrDefault();
        revision.getSpec().template = ApiJson.copy(function.getSpec().templateOrDefault(), FunctionTemplate.class);
        // Fixed now: a traffic change must not restart the revision's replicas.
        revision.getSpec().propagateHeaders = new ArrayList<>(FunctionEnvironment.propagatedHeaders(function.getSpec().traffic));
        return revision;
    }

    /** The template hash a revision was made from, or null for one made without the label. */
    public static String templateHash(FunctionRevision revision) {
        Map<String, String> labels = revision.getMetadata().getLabels();
        return labels == null ? null : labels.get(Labels.TEMPLATE_HASH);
    }
}
