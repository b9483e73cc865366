package dev.quiver.controller.status;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.revisions.RevisionNames;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which old revisions to delete: those that serve no traffic and are neither the latest created nor the
 * latest ready, beyond the newest {@code retained} of them. Kept ones are what a rollback can go back to; the
 * revision a rollout rolls out and its stable revision are always kept.
 */
public final class RevisionRetention {

    private RevisionRetention() {
    }

    /**
     * The revisions to delete, oldest first.
     *
     * @param function     the function; revisions its spec.traffic names are kept
     * @param revisions    its revisions
     * @param status       its status as about to be written (traffic, latest names)
     * @param retained     how many idle revisions to keep
     */
    public static List<FunctionRevision> toDelete(Function function, List<FunctionRevision> revisions,
            FunctionStatus status, int retained) {
        String functionName = function.getMetadata().getName();
        Set<String> serving = new HashSet<>(FunctionStatuses.serving(status));
        function.getSpec().traffic.forEach(t -> serving.add(t.revisionName));
        // A rollout's revisions stay, even at 0 %: a rollback needs the stable one, a promote the new one.
        serving.addAll(RolloutStatuses.needed(status.rollout));
        List<FunctionRevision> idleNewestFirst = revisions.stream()
                .filter(r -> !serving.contains(r.getMetadata().getName()))
                .filter(r -> !r.getMetadata().getName().equals(status.latestCreatedRevisionName))
                .filter(r -> !r.getMetadata().getName().equals(status.latestReadyRevisionName))
                .sorted(Comparator.comparingInt((FunctionRevision r) ->
                        RevisionNames.number(functionName, r.getMetadata().getName()).orElse(0)).reversed())
                .toList();
        if (idleNewestFirst.size() <= retained) {
            return List.of();
        }
        List<FunctionRevision> excess = new ArrayList<>(idleNewestFirst.subList(retained, idleNewestFirst.size()));
        Collections.reverse(excess);
        return excess;
    }
}
