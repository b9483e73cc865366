package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Base of every value type in the Quiver API: equality, hash and text come from the JSON form, so two
 * values are equal exactly when they would be written to the API server the same way. That is what the
 * controller needs to decide whether a write is due, without hand-written equals methods to keep in sync.
 */
public abstract class ApiValue {

    private JsonNode tree() {
        return ApiJson.tree(this);
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || other != null && other.getClass() == getClass() && tree().equals(((ApiValue) other).tree());
    }

    @Override
    public int hashCode() {
        return tree().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + tree();
    }
}
