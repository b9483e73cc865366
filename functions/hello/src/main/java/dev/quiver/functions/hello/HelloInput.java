package dev.quiver.functions.hello;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Hello} takes: a {@code name}, an optional {@code delayMs}, and any other JSON fields, which it
 * echoes back. A bean with setters, because Funqy fills it from query parameters on GET and Jackson from the
 * body on POST.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelloInput {

    private String name;
    private Long delayMs;
    private final Map<String, Object> other = new LinkedHashMap<>();

    /** Whom to greet. */
    public String getName() {
        return name;
    }

    /** Sets whom to greet. */
    public void setName(String name) {
        this.name = name;
    }

    /** Simulated work in milliseconds, or null for none. */
    public Long getDelayMs() {
        return delayMs;
    }

    /** Sets the simulated work in milliseconds. */
    public void setDelayMs(Long delayMs) {
        this.delayMs = delayMs;
    }

    /** Every other field of the input, echoed back as it came. */
    @JsonAnyGetter
    public Map<String, Object> getOther() {
        return other;
    }

    /** Keeps a field the function does not know, to echo it. */
    @JsonAnySetter
    public void putOther(String field, Object value) {
        other.put(field, value);
    }
}
