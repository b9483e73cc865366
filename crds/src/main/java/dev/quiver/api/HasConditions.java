package dev.quiver.api;

import java.util.List;

/** A status that carries a list of conditions. */
public interface HasConditions {

    /** The live, mutable list of conditions. */
    List<Condition> conditions();

    /** The condition of the given type, or null. */
    default Condition condition(String type) {
        return conditions().stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
    }

    /** Whether the condition of the given type is True. */
    default boolean isTrue(String type) {
        Condition condition = condition(type);
        return condition != null && condition.isTrue();
    }
}
