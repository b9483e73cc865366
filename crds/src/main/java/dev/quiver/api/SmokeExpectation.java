package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** What a smoke test's response must be; every field set must hold. */
public class SmokeExpectation extends ApiValue {

    /** The exact status, or any 2xx when unset. */
    @JsonPropertyDescription("The exact HTTP status the response must have, e.g. 200 or 404; unset accepts any 2xx.")
    @Min(100)
    @Max(599)
    public Integer status;

    /** Text the body must contain. */
    @JsonPropertyDescription("Text the response body must contain, compared exactly (case-sensitive).")
    @Size(max = 4096)
    public String bodyContains;
}
