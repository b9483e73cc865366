package dev.quiver.controller.status;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.HasConditions;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which events a status change is worth, from the status before and after a reconcile. Equal statuses give none,
 * so a steady-state reconcile reports nothing.
 */
public final class Transitions {

    /** The Ready reason of a Function whose spec the controller refuses. */
    static final String INVALID_SPEC = "InvalidSpec";

    private Transitions() {
    }

    /**
     * Events of a Function: revision created, rollout started/decided/ended ({@link RolloutStatuses#events}), traffic
     * shifted, build started/succeeded/failed, invalid spec.
     */
    public static List<ControllerEvent> ofFunction(FunctionStatus before, FunctionStatus after) {
        FunctionStatus old = before == null ? new FunctionStatus() : before;
        List<ControllerEvent> events = new ArrayList<>();
        if (after.equals(old)) {
            return events;
        }
        Condition ready = after.condition(ConditionTypes.READY);
        if (ready != null && ready.isFalse() && INVALID_SPEC.equals(ready.reason)
                && changed(old, after, ConditionTypes.READY) != null) {
            events.add(ControllerEvent.warning(INVALID_SPEC, ready.message));
        }
        Condition build = changed(old, after, ConditionTypes.BUILD_SUCCEEDED);
        if (build != null) {
            String reason = build.isTrue() ? "BuildSucceeded" : build.isFalse() ? "BuildFailed" : "BuildStarted";
            String image = after.build == null ? null : after.build.image;
            String message = build.isTrue() && image != null ? "built and pushed " + image : build.message;
            events.add(build.isFalse() ? ControllerEvent.warning(reason, message) : ControllerEvent.normal(reason, message));
        }
        if (after.latestCreatedRevisionName != null && !after.latestCreatedRevisionName.equals(old.latestCreatedRevisionName)) {
            events.add(ControllerEvent.normal("RevisionCreated", "created revision " + after.latestCreatedRevisionName));
        }
        events.addAll(RolloutStatuses.events(old.rollout, after.rollout));
        String split = split(after.traffic);
        if (!split.isEmpty() && !split.equals(split(old.traffic))) {
            events.add(ControllerEvent.normal("TrafficShifted", "traffic now " + split));
        }
        return events;
    }

    /** Events of a FunctionRevision: ready, or failed with its reason. */
    public static List<ControllerEvent> ofRevision(FunctionRevisionStatus before, FunctionRevisionStatus after) {
        FunctionRevisionStatus old = before == null ? new FunctionRevisionStatus() : before;
        Condition ready = changed(old, after, ConditionTypes.READY);
        if (ready == null || !ready.isTrue() && !ready.isFalse()) {
            return List.of();
        }
        if (ready.isTrue()) {
            Integer replicas = after.actualReplicas;
            return List.of(ControllerEvent.normal("RevisionReady",
                    "ready" + (replicas == null ? "" : " with " + replicas + " replica" + (replicas == 1 ? "" : "s"))));
        }
        return List.of(ControllerEvent.warning("RevisionFailed", ready.reason
                + (ready.message == null ? "" : ": " + ready.message)));
    }

    /**
     * The condition of that type in {@code after} when its status or reason differs from {@code before}'s; a new
     * message alone (a replica count, say) is progress, not an event.
     */
    private static Condition changed(HasConditions before, HasConditions after, String type) {
        Condition now = after.condition(type);
        Condition then = before.condition(type);
        boolean same = then != null && now != null && Objects.equals(now.status, then.status)
                && Objects.equals(now.reason, then.reason);
        return now == null || same ? null : now;
    }

    private static String split(List<TrafficTarget> traffic) {
        return traffic.stream().filter(t -> t.percentOrZero() > 0)
                .map(t -> Objects.requireNonNullElse(t.revisionName, "latest") + "=" + t.percentOrZero() + "%")
                .collect(Collectors.joining(" "));
    }
}
