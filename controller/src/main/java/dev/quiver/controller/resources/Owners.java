package dev.quiver.controller.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Controller owner references: who made a child, so that Kubernetes collects it and nobody else adopts it. */
public final class Owners {

    private Owners() {
    }

    /** A controller reference to the owner; deleting the owner deletes the child. */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** Whether the child's controller reference names this owner (by uid). */
    public static boolean isControlledBy(HasMetadata child, HasMetadata owner) {
        if (child.getMetadata().getOwnerReferences() == null) {
            return false;
        }
        String uid = owner.getMetadata().getUid();
        return child.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()) && uid != null && uid.equals(ref.getUid()));
    }
}
