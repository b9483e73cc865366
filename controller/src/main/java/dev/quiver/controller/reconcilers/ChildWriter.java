package dev.quiver.controller.reconcilers;

import dev.quiver.controller.resources.Owners;
import dev.quiver.controller.resources.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;

/**
 * Create-or-update of one child, the only way the reconcilers write children: create it when absent,
 * refuse it when someone else owns it, leave it alone when its stored fingerprint matches the desired
 * one, otherwise replace it (optimistically locked on the live resourceVersion).
 */
final class ChildWriter {

    /** What happened to the child. */
    enum Outcome {
        /** It did not exist and was created. */
        CREATED,
        /** It differed and was replaced. */
        UPDATED,
        /** It already matched: nothing was written. */
        UNCHANGED,
        /** An object of that name exists with another controller; it was not touched. */
        NOT_OWNED
    }

    /**
     * The outcome and the child as it now is (the live object when nothing was written).
     *
     * @param outcome what happened
     * @param object  the child after the write, or the live one
     * @param <T>     the child's type
     */
    record Result<T extends HasMetadata>(Outcome outcome, T object) {
    }

    private ChildWriter() {
    }

    /**
     * Writes a child only if needed.
     *
     * @param client   the client
     * @param existing the live child, or null
     * @param desired  the desired child, fingerprinted by its builder
     * @param owner    its controller
     * @param keepLive copies fields the server owns (clusterIP) from live into desired
     */
    static <T extends HasMetadata> Result<T> apply(KubernetesClient client, T existing, T desired, HasMetadata owner,
            BinaryOperator<T> keepLive) {
        return apply(client, existing, desired, owner, keepLive, (live, wanted) -> true);
    }

    /**
     * Writes a child only if needed, also when its fingerprint matches but a field the fingerprint leaves out
     * (replicas) is not in step.
     *
     * @param inStep whether the live child's fields outside the fingerprint match the desired ones
     */
    static <T extends HasMetadata> Result<T> apply(KubernetesClient client, T existing, T desired, HasMetadata owner,
            BinaryOperator<T> keepLive, BiPredicate<T, T> inStep) {
        if (existing == null) {
            return new Result<>(Outcome.CREATED, client.resource(desired).create());
        }
        if (!Owners.isControlledBy(existing, owner)) {
            return new Result<>(Outcome.NOT_OWNED, existing);
        }
        if (Objects.equals(Workloads.fingerprintOf(existing), Workloads.fingerprintOf(desired)) && inStep.test(existing, desired)) {
            return new Result<>(Outcome.UNCHANGED, existing);
        }
        T merged = keepLive.apply(existing, desired);
        merged.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return new Result<>(Outcome.UPDATED, client.resource(merged).update());
    }

    /** Creates an immutable child when absent; an existing one is never changed. */
    static <T extends HasMetadata> Result<T> createIfAbsent(KubernetesClient client, T existing, T desired, HasMetadata owner) {
        if (existing == null) {
            return new Result<>(Outcome.CREATED, client.resource(desired).create());
        }
        return new Result<>(Owners.isControlledBy(existing, owner) ? Outcome.UNCHANGED : Outcome.NOT_OWNED, existing);
    }
}
