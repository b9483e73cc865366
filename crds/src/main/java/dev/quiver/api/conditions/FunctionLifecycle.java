package dev.quiver.api.conditions;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.traffic.TrafficResolution;
import java.time.Clock;
import java.util.ArrayList;
import java.util.stream.Collectors;

/**
 * The conditions of a Function as both planes mark them (as Knative's {@code service_lifecycle.go}): the reasons,
 * and helpers that mark its latest revision, routes, triggers and build over {@link ConditionSet#FUNCTION}. The
 * controller's status aggregator and the local platform's store both mark through these, so a Function in the same
 * state reads the same in a cluster and under {@code quiver dev}.
 */
public final class FunctionLifecycle {

    /** Ready: the spec fails validation. */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** LatestRevisionReady: no revision exists yet. */
    public static final String REVISION_MISSING = "RevisionMissing";
    /** LatestRevisionReady: the latest revision is not ready yet. */
    public static final String REVISION_DEPLOYING = "RevisionDeploying";
    /** LatestRevisionReady: the latest revision failed. */
    public static final String REVISION_FAILED = "RevisionFailed";
    /** BuildSucceeded: a build is running. */
    public static final String BUILDING = "Building";
    /** BuildSucceeded: the build failed. */
    public static final String BUILD_FAILED = "BuildFailed";

    private final FunctionStatus status;
    private final ConditionSet.Manager conditions;

    private FunctionLifecycle(FunctionStatus status, Clock clock) {
        this.status = status;
        this.conditions = ConditionSet.FUNCTION.manage(status, clock);
    }

    /** Marks the given status, stamping transitions with the clock's time. */
    public static FunctionLifecycle of(FunctionStatus status, Clock clock) {
        return new FunctionLifecycle(status, clock);
    }

    /** The underlying condition manager, for conditions no helper covers. */
    public ConditionSet.Manager conditions() {
        return conditions;
    }

    /** The spec is invalid: Ready False with every problem ({@code message}); nothing else changes. */
    public FunctionLifecycle markInvalid(String message) {
        conditions.markNotReady(INVALID_SPEC, message);
        return this;
    }

    /**
     * LatestRevisionReady from the latest revision's own Ready: True when ready, False when it failed, else Unknown;
     * while it is not ready the message says where traffic stays.
     *
     * @param latest      the newest revision, or null when none exists yet
     * @param latestReady the newest ready revision's name, or null
     */
    public FunctionLifecycle markLatestRevision(FunctionRevision latest, String latestReady) {
        if (latest == null) {
            conditions.markUnknown(ConditionTypes.LATEST_REVISION_READY, REVISION_MISSING, "the first revision is being created");
        } else if (isReady(latest)) {
            conditions.markTrue(ConditionTypes.LATEST_REVISION_READY);
        } else {
            Condition ready = latest.getStatus() == null ? null : latest.getStatus().condition(ConditionTypes.READY);
            String why = ready == null ? "it has not reported yet" : ready.reason + ": " + ready.message;
            String revision = latest.getMetadata().getName();
            if (ready != null && ready.isFalse()) {
                conditions.markFalse(ConditionTypes.LATEST_REVISION_READY, REVISION_FAILED,
                        "revision " + revision + " failed (" + why + ")" + keeps(latestReady));
            } else {
                conditions.markUnknown(ConditionTypes.LATEST_REVISION_READY, REVISION_DEPLOYING,
                        "revision " + revision + " is not ready yet (" + why + ")" + keeps(latestReady));
            }
        }
        return this;
    }

    /** What a message about the latest revision adds: where the traffic stays meanwhile. */
    public static String keeps(String latestReady) {
        return latestReady == null ? "" : "; traffic stays on " + latestReady;
    }

    /**
     * RoutesReady from the traffic's resolution: when complete the resolved targets become {@code status.traffic};
     * else the served traffic stays as it was and the condition says why (False when a problem is not one that
     * waiting fixes, Unknown when all are pending).
     *
     * @return whether the resolution is complete
     */
    public boolean markRoutes(TrafficResolution resolution) {
        if (resolution.complete()) {
            status.traffic = new ArrayList<>(resolution.targets());
            conditions.markTrue(ConditionTypes.ROUTES_READY);
            return true;
        }
        TrafficResolution.Problem first = resolution.problems().stream().filter(p -> !p.pending()).findFirst()
                .orElse(resolution.problems().get(0));
        String message = resolution.problems().stream().map(TrafficResolution.Problem::message).collect(Collectors.joining("; "));
        if (first.pending()) {
            conditions.markUnknown(ConditionTypes.ROUTES_READY, first.reason(), message);
        } else {
            conditions.markFalse(ConditionTypes.ROUTES_READY, first.reason(), message);
        }
        return false;
    }

    /**
     * TriggersReady as judged: {@code status} is {@link Condition#TRUE}, {@link Condition#FALSE} or
     * {@link Condition#UNKNOWN}; reason and message are left out when True.
     */
    public FunctionLifecycle markTriggers(String status, String reason, String message) {
        if (Condition.TRUE.equals(status)) {
            conditions.markTrue(ConditionTypes.TRIGGERS_READY);
        } else if (Condition.FALSE.equals(status)) {
            conditions.markFalse(ConditionTypes.TRIGGERS_READY, reason, message);
        } else {
            conditions.markUnknown(ConditionTypes.TRIGGERS_READY, reason, message);
        }
        return this;
    }

    /** BuildSucceeded Unknown while a build runs ({@code message} says which). */
    public FunctionLifecycle markBuilding(String message) {
        conditions.markUnknown(ConditionTypes.BUILD_SUCCEEDED, BUILDING, message);
        return this;
    }

    /** BuildSucceeded False: the build failed, for the reason and with the message given. */
    public FunctionLifecycle markBuildFailed(String reason, String message) {
        conditions.markFalse(ConditionTypes.BUILD_SUCCEEDED, reason, message);
        return this;
    }

    /** BuildSucceeded True. */
    public FunctionLifecycle markBuildSucceeded() {
        conditions.markTrue(ConditionTypes.BUILD_SUCCEEDED);
        return this;
    }

    /** Whether a revision reports Ready=True. */
    public static boolean isReady(FunctionRevision revision) {
        return revision.getStatus() != null && revision.getStatus().isTrue(ConditionTypes.READY);
    }
}
