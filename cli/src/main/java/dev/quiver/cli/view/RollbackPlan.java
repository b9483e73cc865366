package dev.quiver.cli.view;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code quiver rollback} does: all traffic to one revision, by default the newest ready revision older
 * than the newest one serving now. Nothing is rebuilt; a rollback only moves traffic.
 *
 * @param function the function's name
 * @param serving  the newest revision that receives traffic now, or null when none does
 * @param target   the revision that receives all traffic after the rollback
 */
public record RollbackPlan(String function, String serving, String target) {

    /**
     * Plans a rollback.
     *
     * @param requested the revision asked for (a name or a number), or null for the default
     * @throws IllegalStateException with a message for the user when no rollback is possible
     */
    public static RollbackPlan of(Function function, List<FunctionRevision> revisions, String requested) {
        String name = function.getMetadata().getName();
        String serving = servingNow(function);
        if (requested != null) {
            String target = TrafficSpec.revisionName(name, requested);
            if (target == null) {
                throw new IllegalStateException("rollback needs a revision, not " + TrafficSpec.LATEST
                        + ": use quiver traffic " + name + " @latest=100 to follow the latest revision");
            }
            FunctionRevision revision = revisions.stream().filter(r -> target.equals(r.getMetadata().getName()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(name + " has no revision " + target + " (its revisions: "
                            + RevisionInfo.newestFirst(revisions).stream().map(r -> r.getMetadata().getName())
                                    .collect(Collectors.joining(", ")) + ")"));
            if (!RevisionInfo.isReady(revision)) {
                throw new IllegalStateException(target + " is not ready" + because(RevisionInfo.ready(revision))
                        + ": roll back to a ready revision (see quiver describe " + name + ")");
            }
            return new RollbackPlan(name, serving, target);
        }
        if (serving == null) {
            throw new IllegalStateException(name + " serves no revision yet, so there is nothing to roll back from");
        }
        int servingNumber = RevisionInfo.number(name, serving);
        return RevisionInfo.newestFirst(revisions).stream()
                .filter(r -> RevisionInfo.number(r) < servingNumber && RevisionInfo.isReady(r))
                .findFirst()
                .map(r -> new RollbackPlan(name, serving, r.getMetadata().getName()))
                .orElseThrow(() -> new IllegalStateException("no ready revision of " + name + " is older than " + serving
                        + ", so there is nothing to roll back to"));
    }

    /** The traffic list that sends every request to the target. */
    public List<TrafficTarget> traffic() {
        return List.of(TrafficTarget.revision(target, 100));
    }

    /** The newest revision with a share of the traffic, as the function's status reports it. */
    static String servingNow(Function function) {
        String name = function.getMetadata().getName();
        if (function.getStatus() == null) {
            return null;
        }
        Optional<String> newest = function.getStatus().traffic.stream()
                .filter(t -> t.percentOrZero() > 0 && t.revisionName != null)
                .map(t -> t.revisionName)
                .max((a, b) -> Integer.compare(RevisionInfo.number(name, a), RevisionInfo.number(name, b)));
        return newest.orElse(function.getStatus().latestReadyRevisionName);
    }

    private static String because(Condition ready) {
        if (ready == null) {
            return " (it reports no Ready condition yet)";
        }
        String reason = ready.reason == null ? ready.status : ready.reason;
        return " (" + reason + (ready.message == null ? "" : ": " + ready.message) + ")";
    }
}
