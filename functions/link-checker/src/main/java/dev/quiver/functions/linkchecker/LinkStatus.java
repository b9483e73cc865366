package dev.quiver.functions.linkchecker;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of a link check, spelled as the seed's link manager expects it. */
public enum LinkStatus {
    /** The URL answered a HEAD with a status below 400. */
    VALID("valid"),
    /** The URL answered 400 or above, or could not be reached at all. */
    INVALID("invalid");

    private final String wire;

    LinkStatus(String wire) {
        this.wire = wire;
    }

    /** The JSON spelling: {@code valid} or {@code invalid}. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
