package dev.quiver.api.conditions;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevisionStatus;
import java.time.Clock;

/**
 * The conditions of a FunctionRevision as both planes mark them (as Knative's {@code revision_lifecycle.go}): the
 * reasons, and helpers that mark a revision deploying, ready, failed or idle over {@link ConditionSet#REVISION}. The
 * controller marks from what its Deployment reports, the local platform from what its replicas do; because both go
 * through these helpers, a revision in the same state reads the same on both.
 */
public final class RevisionLifecycle {

    /** Its replicas are being created or have not passed readiness yet. */
    public static final String DEPLOYING = "Deploying";
    /** Cluster: the Deployment did not become available in time (the reason is the Deployment's own). */
    public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    /** Cluster: the image cannot be pulled. */
    public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
    /** Local: a replica failed its readiness checks (or exited) before it ever became ready. */
    public static final String READINESS_FAILED = "ReadinessFailed";
    /** No replicas are wanted. */
    public static final String SCALED_TO_ZERO = "ScaledToZero";
    /** Replicas are wanted and none is ready yet. */
    public static final String ACTIVATING = "Activating";
    /** Mode Job: the template Jobs are made from exists. */
    public static final String JOB_TEMPLATE_READY = "JobTemplateReady";
    /** Mode Job: health is each Job's own outcome. */
    public static final String CHECKED_PER_JOB = "CheckedPerJob";
    /** Mode Job: nothing runs between events. */
    public static final String JOB_MODE = "JobMode";
    /** A child of the revision's name exists and belongs to someone else. */
    public static final String NOT_OWNED = "NotOwned";

    /** What Active says of a revision scaled to zero that has a frozen replica (the CLI looks for "frozen replica"). */
    public static final String FROZEN_MESSAGE = "scaled to zero; a frozen replica resumes on the next request";

    private final ConditionSet.Manager conditions;
    private final FunctionRevisionStatus status;

    private RevisionLifecycle(FunctionRevisionStatus status, Clock clock) {
        this.status = status;
        this.conditions = ConditionSet.REVISION.manage(status, clock);
    }

    /** Marks the given status, stamping transitions with the clock's time. */
    public static RevisionLifecycle of(FunctionRevisionStatus status, Clock clock) {
        return new RevisionLifecycle(status, clock);
    }

    /** The underlying condition manager, for conditions no helper covers. */
    public ConditionSet.Manager conditions() {
        return conditions;
    }

    /**
     * Replicas are starting: {@code ready} of {@code desired} pass readiness ({@code status.probes} says which
     * probe). Health turns Unknown only when nothing or a failure was known, so a scale-up of a revision whose
     * replicas passed before does not hide that.
     */
    public RevisionLifecycle markDeploying(int ready, int desired) {
        conditions.markUnknown(ConditionTypes.RESOURCES_AVAILABLE, DEPLOYING, ready + " of " + desired + " replicas are ready");
        Condition health = status.condition(ConditionTypes.CONTAINER_HEALTHY);
        if (health == null || health.isFalse()) {
            conditions.markUnknown(ConditionTypes.CONTAINER_HEALTHY, DEPLOYING, "waiting for a replica to pass its readiness probe");
        }
        return this;
    }

    /** The revision's resources are being created ({@code what}, e.g. "the Deployment is being created"). */
    public RevisionLifecycle markCreating(String what) {
        conditions.markUnknown(ConditionTypes.RESOURCES_AVAILABLE, DEPLOYING, what);
        return this;
    }

    /** A replica passed readiness: resources available and containers healthy, so Ready. */
    public RevisionLifecycle markReady() {
        conditions.markTrue(ConditionTypes.CONTAINER_HEALTHY);
        conditions.markTrue(ConditionTypes.RESOURCES_AVAILABLE);
        return this;
    }

    /** The revision cannot serve: health and resources False with the reason, so Ready is False with it. */
    public RevisionLifecycle markFailed(String reason, String message) {
        conditions.markFalse(ConditionTypes.CONTAINER_HEALTHY, reason, message);
        conditions.markFalse(ConditionTypes.RESOURCES_AVAILABLE, reason, message);
        return this;
    }

    /** No replicas are wanted: nothing to be available; health stays what the last replica showed. */
    public RevisionLifecycle markScaledToZero() {
        conditions.markTrue(ConditionTypes.RESOURCES_AVAILABLE, SCALED_TO_ZERO, "no replicas are wanted");
        if (status.condition(ConditionTypes.CONTAINER_HEALTHY) == null) {
            conditions.markUnknown(ConditionTypes.CONTAINER_HEALTHY, SCALED_TO_ZERO, "no replica has run yet");
        }
        return this;
    }

    /**
     * Active (informative, not part of Ready): True with a ready replica, False when none is wanted, else Unknown.
     *
     * @param frozen whether a frozen replica is kept to resume (local platform), which the message says
     */
    public RevisionLifecycle markActivity(int ready, int desired, boolean frozen) {
        if (ready > 0) {
            conditions.markTrue(ConditionTypes.ACTIVE);
        } else if (desired == 0) {
            conditions.markFalse(ConditionTypes.ACTIVE, SCALED_TO_ZERO,
                    frozen ? FROZEN_MESSAGE : "the revision has no replicas; the activator starts one on demand");
        } else {
            conditions.markUnknown(ConditionTypes.ACTIVE, ACTIVATING, "waiting for a replica to become ready");
        }
        return this;
    }

    /** Mode Job: ready once the template exists; health is each Job's; never Active between events. */
    public RevisionLifecycle markJobTemplate(boolean exists, String templateName) {
        if (exists) {
            conditions.markTrue(ConditionTypes.RESOURCES_AVAILABLE, JOB_TEMPLATE_READY,
                    "Jobs are created per event from PodTemplate " + templateName);
            conditions.markTrue(ConditionTypes.CONTAINER_HEALTHY, CHECKED_PER_JOB, "each Job reports its own outcome");
        } else {
            conditions.markUnknown(ConditionTypes.RESOURCES_AVAILABLE, DEPLOYING, "the Job template is being created");
            conditions.markUnknown(ConditionTypes.CONTAINER_HEALTHY, DEPLOYING, "the Job template is being created");
        }
        conditions.markFalse(ConditionTypes.ACTIVE, JOB_MODE, "a Job runs per event; nothing runs between events");
        return this;
    }

    /** A child of the revision's name ({@code kind} {@code name}) exists and belongs to someone else. */
    public RevisionLifecycle markNotOwned(String revisionName, String kind, String name) {
        conditions.markFalse(ConditionTypes.RESOURCES_AVAILABLE, NOT_OWNED, kind + " '" + name
                + "' exists and is not owned by revision " + revisionName + "; delete or rename it so the revision can create its own");
        return this;
    }
}
