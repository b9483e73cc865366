package dev.quiver.api.conditions;

import dev.quiver.api.Condition;
import dev.quiver.api.HasConditions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A kind's condition types, with a summary {@code Ready} that is the AND of its dependents (as in Knative's
 * living condition sets). Marking a condition moves its transition time only when its status, reason or
 * message changes, so a reconcile that finds nothing new writes nothing new.
 */
public final class ConditionSet {

    /** Function: Ready = LatestRevisionReady ∧ RoutesReady ∧ TriggersReady (∧ BuildSucceeded when built). */
    public static final ConditionSet FUNCTION = new ConditionSet(List.of(ConditionTypes.LATEST_REVISION_READY,
            ConditionTypes.ROUTES_READY, ConditionTypes.TRIGGERS_READY), Set.of(ConditionTypes.BUILD_SUCCEEDED));

    /** Revision: Ready = ResourcesAvailable ∧ ContainerHealthy; Active is informative only. */
    public static final ConditionSet REVISION = new ConditionSet(List.of(ConditionTypes.RESOURCES_AVAILABLE,
            ConditionTypes.CONTAINER_HEALTHY), Set.of());

    private final List<String> required;
    private final Set<String> optional;

    private ConditionSet(List<String> required, Set<String> optional) {
        this.required = required;
        this.optional = optional;
    }

    /** Every dependent of Ready: the optional ones first, since a failed build explains everything after it. */
    private List<String> dependents() {
        List<String> all = new ArrayList<>(optional.stream().sorted().toList());
        all.addAll(required);
        return all;
    }

    /** A manager of the given status's conditions, stamping transitions with the clock's time. */
    public Manager manage(HasConditions status, Clock clock) {
        return new Manager(status, clock);
    }

    /** Marks conditions on one status and keeps {@code Ready} in step. */
    public final class Manager {
        private final HasConditions status;
        private final Clock clock;

        private Manager(HasConditions status, Clock clock) {
            this.status = status;
            this.clock = clock;
        }

        /** Marks a condition True. */
        public Manager markTrue(String type) {
            return set(Condition.of(type, Condition.TRUE, null, null));
        }

        /** Marks a condition True with a reason and message (for informative conditions). */
        public Manager markTrue(String type, String reason, String message) {
            return set(Condition.of(type, Condition.TRUE, reason, message));
        }

        /** Marks a condition False with a reason and a message a person can act on. */
        public Manager markFalse(String type, String reason, String message) {
            return set(Condition.of(type, Condition.FALSE, reason, message));
        }

        /** Marks a condition Unknown (in progress). */
        public Manager markUnknown(String type, String reason, String message) {
            return set(Condition.of(type, Condition.UNKNOWN, reason, message));
        }

        /** Removes a condition that no longer applies (e.g. BuildSucceeded for an image-only function). */
        public Manager clear(String type) {
            status.conditions().removeIf(c -> type.equals(c.type));
            return recomputeReady();
        }

        /** Sets a condition, keeping its transition time when nothing but the time would change. */
        public Manager set(Condition condition) {
            setWithoutSummary(condition);
            return recomputeReady();
        }

        /** Marks Ready False directly, e.g. for an invalid spec that no dependent condition describes. */
        public Manager markNotReady(String reason, String message) {
            setWithoutSummary(Condition.of(ConditionTypes.READY, Condition.FALSE, reason, message));
            return this;
        }

        private void setWithoutSummary(Condition condition) {
            Condition existing = status.condition(condition.type);
            if (existing != null && existing.sameStateAs(condition)) {
                return;
            }
            condition.lastTransitionTime = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
            List<Condition> updated = new ArrayList<>(status.conditions());
            updated.removeIf(c -> condition.type.equals(c.type));
            updated.add(condition);
            updated.sort(Comparator.comparing(c -> c.type));
            status.conditions().clear();
            status.conditions().addAll(updated);
        }

        private Manager recomputeReady() {
            setWithoutSummary(summary());
            return this;
        }

        /** Ready: False with the first False dependent's reason, else Unknown with the first unsettled one's, else True. */
        private Condition summary() {
            Condition unknown = null;
            for (String type : dependents()) {
                Condition dependent = status.condition(type);
                if (dependent == null) {
                    if (!optional.contains(type) && unknown == null) {
                        unknown = Condition.of(ConditionTypes.READY, Condition.UNKNOWN, "Pending", type + " is not reported yet");
                    }
                } else if (dependent.isFalse()) {
                    return Condition.of(ConditionTypes.READY, Condition.FALSE, dependent.reason, dependent.message);
                } else if (!dependent.isTrue() && unknown == null) {
                    unknown = Condition.of(ConditionTypes.READY, Condition.UNKNOWN, dependent.reason, dependent.message);
                }
            }
            return unknown != null ? unknown : Condition.of(ConditionTypes.READY, Condition.TRUE, null, null);
        }
    }
}
