package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How a header or cookie value must match: exactly, or by prefix. */
@ValidationRule(value = "has(self.exact) != has(self.prefix)", message = "a value match sets exactly one of exact or prefix")
public class StringMatch extends ApiValue {

    /** The whole value. */
    @JsonPropertyDescription("The value must equal this.")
    public String exact;

    /** The start of the value. */
    @JsonPropertyDescription("The value must start with this.")
    public String prefix;

    /** A match on the whole value. */
    public static StringMatch exact(String value) {
        StringMatch match = new StringMatch();
        match.exact = value;
        return match;
    }

    /** Whether the given value (null when absent) matches. */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        return exact != null ? exact.equals(value) : prefix != null && value.startsWith(prefix);
    }
}
