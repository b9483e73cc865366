package dev.quiver.runtime.events;

import dev.quiver.runtime.events.plan.TriggerStatus;
import java.util.List;

/** The state of a function's event triggers, as the admin API shows it. */
@FunctionalInterface
public interface TriggerStatuses {

    /** No event triggers anywhere. */
    TriggerStatuses NONE = (namespace, function) -> List.of();

    /** The function's triggers, core NATS first, each in spec order. */
    List<TriggerStatus> statuses(String namespace, String function);
}
