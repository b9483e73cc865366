package dev.quiver.cli.view;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.conditions.ConditionTypes;

import java.util.List;

/**
 * Where a {@code quiver deploy} stands, computed from the Function and its revisions as the controller reports
 * them: waiting for the controller, building, rolling out the latest created revision, ready, or failed with a
 * reason. Only changes make a line, so polling often prints little.
 */
public final class DeployProgress {

    /** The stages of a deploy. */
    public enum Phase {
        /** The controller has not yet seen the applied spec. */
        WAITING,
        /** The function's source is being built into an image. */
        BUILDING,
        /** The latest created revision is starting. */
        ROLLING_OUT,
        /** The latest created revision is ready. */
        READY,
        /** The build or the revision failed, or the spec was refused. */
        FAILED;

        /** Whether the deploy is over. */
        public boolean done() {
            return this == READY || this == FAILED;
        }
    }

    /**
     * One observation.
     *
     * @param phase    the stage
     * @param revision the latest created revision, or null before there is one
     * @param text     what to tell the user
     */
    public record Step(Phase phase, String revision, String text) {
    }

    private final Long appliedGeneration;
    private Step last;

    /** @param appliedGeneration the Function's metadata.generation after the apply, or null when unknown */
    public DeployProgress(Long appliedGeneration) {
        this.appliedGeneration = appliedGeneration;
    }

    /** The stage the deploy is at. */
    public Step observe(Function function, List<FunctionRevision> revisions) {
        FunctionStatus status = function.getStatus();
        if (status == null || !caughtUp(status)) {
            return new Step(Phase.WAITING, null, "waiting for the controller to pick up the change");
        }
        Condition ready = status.condition(ConditionTypes.READY);
        Condition build = status.condition(ConditionTypes.BUILD_SUCCEEDED);
        Condition latest = status.condition(ConditionTypes.LATEST_REVISION_READY);
        String name = status.latestCreatedRevisionName;
        if (build != null && build.isFalse()) {
            return new Step(Phase.FAILED, name, "build failed" + because(build));
        }
        if (build != null && !build.isTrue()) {
            return new Step(Phase.BUILDING, name, "building" + because(build));
        }
        if (name == null) {
            // No revision could be made: the spec was refused, or something blocks the revision.
            Condition blocker = latest != null && latest.isFalse() ? latest : ready;
            return blocker != null && blocker.isFalse()
                    ? new Step(Phase.FAILED, null, "no revision" + because(blocker))
                    : new Step(Phase.WAITING, null, "waiting for the first revision");
        }
        FunctionRevision revision = revisions.stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElse(null);
        Condition revisionReady = revision == null ? null : RevisionInfo.ready(revision);
        if (revisionReady != null && revisionReady.isTrue()) {
            return new Step(Phase.READY, name, name + " is ready" + (status.url == null ? "" : " at " + status.url));
        }
        if (revisionReady != null && revisionReady.isFalse()) {
            return new Step(Phase.FAILED, name, name + " failed" + because(revisionReady));
        }
        if (revision == null && latest != null && latest.isFalse()) {
            return new Step(Phase.FAILED, name, name + " failed" + because(latest));
        }
        return new Step(Phase.ROLLING_OUT, name, name + " starting" + because(revisionReady) + replicas(revision));
    }

    /** The line to print for this observation, or null when nothing changed since the last one. */
    public String update(Function function, List<FunctionRevision> revisions) {
        Step step = observe(function, revisions);
        boolean changed = !step.equals(last);
        last = step;
        return changed ? step.text() : null;
    }

    /** The last observation, or null before the first. */
    public Step last() {
        return last;
    }

    private boolean caughtUp(FunctionStatus status) {
        return appliedGeneration == null || status.observedGeneration != null && status.observedGeneration >= appliedGeneration;
    }

    private static String because(Condition condition) {
        if (condition == null || condition.reason == null && condition.message == null) {
            return "";
        }
        return ": " + (condition.reason == null ? "" : condition.reason)
                + (condition.message == null ? "" : (condition.reason == null ? "" : " - ") + condition.message);
    }

    private static String replicas(FunctionRevision revision) {
        if (revision == null || revision.getStatus() == null || revision.getStatus().desiredReplicas == null) {
            return "";
        }
        Integer actual = revision.getStatus().actualReplicas;
        return " (" + (actual == null ? 0 : actual) + "/" + revision.getStatus().desiredReplicas + " replicas)";
    }
}
