package dev.quiver.controller.resources;

import dev.quiver.api.ApiJson;
import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.contract.FunctionEnvironment;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds a Function's next immutable revision and keeps the parts that may follow the Function in step. */
public final class Revisions {

    private Revisions() {
    }

    /**
     * The revision that snapshots the Function as it is now.
     *
     * @param function   the owner
     * @param name       the revision's name ({@code RevisionNames.next})
     * @param image      the image to run, by digest when known
     * @param hash       the {@code TemplateHash} of the inputs, stored as a label to find the revision again
     * @param references the ConfigMaps and Secrets the template reads, each copied for this revision
     */
    public static FunctionRevision snapshot(Function function, String name, String image, String hash,
            List<ConfigReference> references) {
        FunctionRevision revision = new FunctionRevision();
        revision.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(function.getMetadata().getNamespace())
                .withLabels(Map.of(Names.FUNCTION_LABEL, function.getMetadata().getName(),
                        Names.TEMPLATE_HASH_LABEL, hash,
                        Names.MANAGED_BY_LABEL, Names.MANAGED_BY))
                .withOwnerReferences(Owners.controllerRef(function))
                .build());
        revision.getSpec().functionName = function.getMetadata().getName();
        revision.getSpec().image = image;
        revision.getSpec().mode = function.getSpec().modeOrDefault();
        revision.getSpec().template = ApiJson.copy(function.getSpec().templateOrDefault(), FunctionTemplate.class);
        // Fixed now, as the local platform does: a traffic change must not restart the revision's pods.
        revision.getSpec().propagateHeaders = new ArrayList<>(FunctionEnvironment.propagatedHeaders(function.getSpec().traffic));
        for (ConfigReference ref : references) {
            revision.getSpec().snapshots.add(ConfigSnapshot.of(ref.kind(), ref.name(), Names.configCopy(name, ref.kind(), ref.name())));
        }
        return revision;
    }

    /** The template hash a revision was made from, or null for one the controller did not label. */
    public static String templateHash(FunctionRevision revision) {
        Map<String, String> labels = revision.getMetadata().getLabels();
        return labels == null ? null : labels.get(Names.TEMPLATE_HASH_LABEL);
    }

    /** Whether the revision's scale differs from the Function's, so it must be brought in step. */
    public static boolean scaleDiffers(FunctionRevision revision, Function function) {
        return !Objects.equals(revision.getSpec().templateOrDefault().scale, function.getSpec().templateOrDefault().scale);
    }
}
