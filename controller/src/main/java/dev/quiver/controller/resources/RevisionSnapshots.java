package dev.quiver.controller.resources;

import dev.quiver.api.BuildStatus;
import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.revisions.RevisionSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a Function's next immutable revision ({@link RevisionSnapshot}, plus what only the controller adds) and
 * keeps the parts that may follow the Function in step.
 */
public final class RevisionSnapshots {

    private RevisionSnapshots() {
    }

    /** The revision that snapshots a Function that is not built in the cluster (see the overload). */
    public static FunctionRevision snapshot(Function function, String name, String image, String hash,
            List<ConfigReference> references) {
        return snapshot(function, name, image, hash, references, null);
    }

    /**
     * The revision that snapshots the Function as it is now.
     *
     * @param function   the owner
     * @param name       the revision's name ({@code RevisionNames.next})
     * @param image      the image to run, by digest when known
     * @param hash       the {@code TemplateHash} of the inputs, stored as a label to find the revision again
     * @param references the ConfigMaps and Secrets the template reads, each copied for this revision
     * @param build      the Function's build as this reconcile found it ({@code status.build}), or null
     */
    public static FunctionRevision snapshot(Function function, String name, String image, String hash,
            List<ConfigReference> references, BuildStatus build) {
        FunctionRevision revision = RevisionSnapshot.of(function, name, image, hash);
        // What only the controller adds: its manager label and the owner reference that garbage-collects the revision.
        revision.getMetadata().getLabels().put(Labels.MANAGED_BY, Labels.MANAGED_BY_CONTROLLER);
        revision.getMetadata().setOwnerReferences(new ArrayList<>(List.of(Owners.controllerRef(function))));
        revision.getSpec().defaultProbe = defaultProbe(function, image, build);
        for (ConfigReference ref : references) {
            revision.getSpec().snapshots.add(ConfigSnapshot.of(ref.kind(), ref.name(), ChildNames.configCopy(name, ref.kind(), ref.name())));
        }
        return revision;
    }

    /**
     * The probes' default of a new revision running {@code image}: what the in-cluster build of that very image
     * recorded, else what the client that built it wrote on the Function ({@link DefaultProbe#ANNOTATION}), else none
     * (the revision then gets {@link DefaultProbe#Tcp}). The build's record wins because it describes this image,
     * while an annotation may be left over from a client build of an earlier one. Not part of the template hash: it
     * changes only with the image, which makes a new revision anyway.
     */
    public static DefaultProbe defaultProbe(Function function, String image, BuildStatus build) {
        if (build != null && image != null && image.equals(build.image) && build.defaultProbe != null) {
            return build.defaultProbe;
        }
        Map<String, String> annotations = function.getMetadata().getAnnotations();
        String annotated = annotations == null ? null : annotations.get(DefaultProbe.ANNOTATION);
        if (annotated != null) {
            for (DefaultProbe probe : DefaultProbe.values()) {
                if (probe.name().equals(annotated.trim())) {
                    return probe;
                }
            }
            // Not one of ours (a typo, a newer client): ignored, as if it were not there.
        }
        return null;
    }

    /** Whether the revision's scale differs from the Function's, so it must be brought in step. */
    public static boolean scaleDiffers(FunctionRevision revision, Function function) {
        return !Objects.equals(revision.getSpec().templateOrDefault().scale, function.getSpec().templateOrDefault().scale);
    }
}
