package dev.quiver.api.testing;

import dev.quiver.api.Condition;
import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.Mode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Builders of FunctionRevision fixtures as the controller makes them (namespace {@code team}, a uid), for the pure tests. */
public final class Revisions {

    private Revisions() {
    }

    /** A revision of the function in mode Service with a default template and a uid. */
    public static FunctionRevision revision(String function, int number) {
        FunctionRevision revision = new FunctionRevision();
        String name = String.format("%s-%05d", function, number);
        revision.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName(name).withUid("uid-" + name)
                .withGeneration(1L).build());
        revision.getSpec().functionName = function;
        revision.getSpec().image = "registry.local/" + function + ":" + number;
        revision.getSpec().mode = Mode.Service;
        revision.getSpec().template = new FunctionTemplate();
        return revision;
    }

    /** The revision with a snapshot of a ConfigMap. */
    public static FunctionRevision withSnapshot(FunctionRevision revision, ConfigSnapshot.Kind kind, String source, String copy) {
        revision.getSpec().snapshots.add(ConfigSnapshot.of(kind, source, copy));
        return revision;
    }

    /** The revision reporting Ready with the given status. */
    public static FunctionRevision withReady(FunctionRevision revision, String status, String reason, String message) {
        revision.setStatus(new FunctionRevisionStatus());
        revision.getStatus().conditions.add(Condition.of("Ready", status, reason, message));
        return revision;
    }
}
