package dev.quiver.controller.status;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.RolloutReport;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionSet;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.conditions.FunctionLifecycle;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.traffic.TrafficResolver;
import dev.quiver.api.validation.Problem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes a Function's status from its revisions: latest created and ready revisions, the rollout (with
 * {@code spec.rollout}, see {@link RolloutStatuses}), the served traffic and the conditions (marked through
 * {@link FunctionLifecycle}, as the local platform marks them). Pure: the reconciler passes what it read; the previous status is the base so that
 * transition times move only on change and traffic stays where it was while the new spec cannot resolve.
 */
public final class FunctionStatuses {

    private final Clock clock;
    private final String gatewayUrl;

    /**
     * An aggregator.
     *
     * @param clock      stamps condition transitions
     * @param gatewayUrl the gateway's base URL; a function is reached at {@code <gatewayUrl>/fn/<namespace>/<name>}
     */
    public FunctionStatuses(Clock clock, String gatewayUrl) {
        this.clock = clock;
        this.gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    /**
     * The URL of a function through the gateway, naming its namespace: {@code /fn/<name>} alone means the gateway's
     * default namespace, so only the qualified form says which function it is.
     */
    public String urlOf(Function function) {
        return gatewayUrl + "/fn/" + function.getMetadata().getNamespace() + "/" + function.getMetadata().getName();
    }

    /** The status of a Function that fails validation: Ready=False with every problem; nothing else changes. */
    public FunctionStatus invalid(Function function, List<Problem> problems) {
        FunctionStatus status = start(function);
        String message = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        FunctionLifecycle.of(status, clock).markInvalid(message);
        return status;
    }

    /**
     * The status of a valid Function.
     *
     * @param function  the Function as read
     * @param revisions its revisions (those it owns), in any order
     * @param blocker   why the wanted revision could not be made, or null
     */
    public FunctionStatus of(Function function, List<FunctionRevision> revisions, Blocker blocker) {
        return of(function, revisions, blocker, null);
    }

    /**
     * The status of a valid Function built from {@code spec.build}.
     *
     * @param function  the Function as read
     * @param revisions its revisions (those it owns), in any order
     * @param blocker   why the wanted revision could not be made, or null
     * @param build     the state of its build ({@code status.build} and BuildSucceeded), or null to derive
     *                  BuildSucceeded from the blocker alone
     */
    public FunctionStatus of(Function function, List<FunctionRevision> revisions, Blocker blocker, BuildStatuses.Outcome build) {
        return of(function, revisions, blocker, build, null);
    }

    /**
     * The status of a valid Function, with the runtime's report on its triggers.
     *
     * @param function  the Function as read
     * @param revisions its revisions (those it owns), in any order
     * @param blocker   why the wanted revision could not be made, or null
     * @param build     the state of its build, or null (see {@link #of(Function, List, Blocker, BuildStatuses.Outcome)})
     * @param triggers  the runtime's report on its NATS and JetStream triggers, or null when there is none
     */
    public FunctionStatus of(Function function, List<FunctionRevision> revisions, Blocker blocker, BuildStatuses.Outcome build,
            TriggerReadiness.Reported triggers) {
        return of(function, revisions, blocker, build, triggers, null);
    }

    /**
     * The status of a valid Function, with the runtime's reports on its triggers and its rollout. With
     * {@code spec.rollout} the rollout takes one step ({@link RolloutStatuses#next}) before the traffic is resolved,
     * so the served split is the one the rollout decided in this pass; without it there is no {@code status.rollout}.
     *
     * @param function  the Function as read
     * @param revisions its revisions (those it owns), in any order
     * @param blocker   why the wanted revision could not be made, or null
     * @param build     the state of its build, or null (see {@link #of(Function, List, Blocker, BuildStatuses.Outcome)})
     * @param triggers  the runtime's report on its NATS and JetStream triggers, or null when there is none
     * @param rollout   the runtime's report on its rollout (counts per revision, smoke test), or null when there is none
     */
    public FunctionStatus of(Function function, List<FunctionRevision> revisions, Blocker blocker, BuildStatuses.Outcome build,
            TriggerReadiness.Reported triggers, RolloutReport rollout) {
        FunctionStatus status = start(function);
        FunctionLifecycle lifecycle = FunctionLifecycle.of(status, clock);
        ConditionSet.Manager conditions = lifecycle.conditions();
        String name = function.getMetadata().getName();
        List<FunctionRevision> newestFirst = revisions.stream()
                .sorted(Comparator.comparingInt((FunctionRevision r) -> number(name, r)).reversed())
                .toList();
        FunctionRevision latestCreated = newestFirst.isEmpty() ? null : newestFirst.get(0);
        FunctionRevision latestReady = newestFirst.stream().filter(FunctionStatuses::isReady).findFirst().orElse(null);
        status.latestCreatedRevisionName = latestCreated == null ? null : latestCreated.getMetadata().getName();
        status.latestReadyRevisionName = latestReady == null ? null : latestReady.getMetadata().getName();
        status.url = urlOf(function);

        if (function.getSpec().build != null && build != null) {
            status.build = build.build();
            conditions.set(ApiJson.copy(build.condition(), Condition.class));
        } else if (function.getSpec().build != null) {
            if (blocker != null && ConditionTypes.BUILD_SUCCEEDED.equals(blocker.condition())) {
                conditions.set(Condition.of(blocker.condition(), blocker.status(), blocker.reason(), blocker.message()));
            } else {
                conditions.markTrue(ConditionTypes.BUILD_SUCCEEDED);
            }
        } else {
            conditions.clear(ConditionTypes.BUILD_SUCCEEDED);
        }
        status.rollout = RolloutStatuses.next(function, status.latestReadyRevisionName, rollout, clock.instant());
        markLatest(lifecycle, latestCreated, status.latestReadyRevisionName, blocker);
        markRoutes(lifecycle, status, function, revisions);
        TriggerReadiness.Verdict verdict = TriggerReadiness.of(function, triggers, clock.instant());
        lifecycle.markTriggers(verdict.status(), verdict.reason(), verdict.message());
        return status;
    }

    private static void markLatest(FunctionLifecycle lifecycle, FunctionRevision latest, String latestReady, Blocker blocker) {
        ConditionSet.Manager conditions = lifecycle.conditions();
        if (blocker != null && ConditionTypes.LATEST_REVISION_READY.equals(blocker.condition())) {
            conditions.set(Condition.of(blocker.condition(), blocker.status(), blocker.reason(),
                    blocker.message() + FunctionLifecycle.keeps(latestReady)));
        } else if (blocker != null) {
            conditions.markUnknown(ConditionTypes.LATEST_REVISION_READY, blocker.reason(), "waiting: " + blocker.message());
        } else {
            lifecycle.markLatestRevision(latest, latestReady);
        }
    }

    private static void markRoutes(FunctionLifecycle lifecycle, FunctionStatus status, Function function,
            List<FunctionRevision> revisions) {
        Set<String> existing = revisions.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> ready = revisions.stream().filter(FunctionStatuses::isReady)
                .map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        // When the new traffic cannot be served yet, what was served stays and the condition says why.
        lifecycle.markRoutes(TrafficResolver.resolve(function.getSpec().traffic, status.latestReadyRevisionName,
                existing, ready, status.url, status.rollout));
    }

    /** Marks the triggers not ready, e.g. when a CronJob's name is taken by an object the Function does not own. */
    public void triggersNotReady(FunctionStatus status, String reason, String message) {
        ConditionSet.FUNCTION.manage(status, clock).markFalse(ConditionTypes.TRIGGERS_READY, reason, message);
    }

    /** Whether a revision reports Ready=True. */
    public static boolean isReady(FunctionRevision revision) {
        return FunctionLifecycle.isReady(revision);
    }

    private static int number(String function, FunctionRevision revision) {
        return RevisionNames.number(function, revision.getMetadata().getName()).orElse(0);
    }

    private static FunctionStatus start(Function function) {
        FunctionStatus status = function.getStatus() == null ? new FunctionStatus()
                : ApiJson.copy(function.getStatus(), FunctionStatus.class);
        status.observedGeneration = function.getMetadata().getGeneration();
        if (status.traffic == null) {
            status.traffic = new ArrayList<>();
        }
        return status;
    }

    /** The revisions the served traffic points at. */
    public static Set<String> serving(FunctionStatus status) {
        return status.traffic.stream().map((TrafficTarget t) -> t.revisionName).collect(Collectors.toSet());
    }
}
