package dev.quiver.functions.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON error body every Quiver component answers with: {@code {error, message, function, revision}}.
 * The function and revision fields are left out when the process does not know them (outside the runtime).
 *
 * @param status the HTTP status that goes with the body (not serialised)
 * @param error a short machine-readable reason, e.g. {@code BadRequest}
 * @param message what went wrong, for a person
 * @param function the function's name, or null
 * @param revision the revision's name, or null
 */
public record ErrorBody(int status, String error, String message, String function, String revision) {

    /** The fields to serialise, in a stable order, without the unknown ones. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", error);
        fields.put("message", message);
        if (function != null) {
            fields.put("function", function);
        }
        if (revision != null) {
            fields.put("revision", revision);
        }
        return fields;
    }
}
