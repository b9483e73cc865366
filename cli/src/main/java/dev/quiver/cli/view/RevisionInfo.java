package dev.quiver.cli.view;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.revisions.RevisionNames;

import java.util.Comparator;
import java.util.List;

/** Reading a function's revisions: their order and whether they can serve. */
public final class RevisionInfo {

    private RevisionInfo() {
    }

    /** The revision's number within its function, 0 when its name carries none. */
    public static int number(FunctionRevision revision) {
        return number(revision.getSpec().functionName, revision.getMetadata().getName());
    }

    /** The number of a revision name within the function, 0 when it carries none. */
    public static int number(String function, String revisionName) {
        return revisionName == null ? 0 : RevisionNames.number(function, revisionName).orElse(0);
    }

    /** The revisions, newest first. */
    public static List<FunctionRevision> newestFirst(List<FunctionRevision> revisions) {
        return revisions.stream()
                .sorted(Comparator.comparingInt((FunctionRevision r) -> number(r)).reversed()
                        .thenComparing((FunctionRevision r) -> r.getMetadata().getName()))
                .toList();
    }

    /** Whether the revision's Ready condition is True. */
    public static boolean isReady(FunctionRevision revision) {
        return revision.getStatus() != null && revision.getStatus().isTrue(ConditionTypes.READY);
    }

    /** The revision's Ready condition, or null when it has none yet. */
    public static Condition ready(FunctionRevision revision) {
        return revision.getStatus() == null ? null : revision.getStatus().condition(ConditionTypes.READY);
    }
}
