package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.TreeMap;

/** Which requests a traffic target takes before the weighted split; all given conditions must hold. */
@ValidationRule(value = "(has(self.headers) && size(self.headers) > 0) || (has(self.cookies) && size(self.cookies) > 0)",
        message = "a match rule needs at least one header or cookie")
public class TrafficMatch extends ApiValue {

    /** Request headers (name, case-insensitive) and how their value must match. */
    @JsonPropertyDescription("Request headers (names are case-insensitive) and how their values must match.")
    public Map<String, StringMatch> headers = new TreeMap<>();

    /** Cookies and how their value must match. */
    @JsonPropertyDescription("Cookies and how their values must match.")
    public Map<String, StringMatch> cookies = new TreeMap<>();

    /** A rule matching one header exactly. */
    public static TrafficMatch header(String name, String exactValue) {
        TrafficMatch match = new TrafficMatch();
        match.headers.put(name, StringMatch.exact(exactValue));
        return match;
    }
}
