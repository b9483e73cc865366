package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A revision-owned immutable copy of a ConfigMap or Secret that the template reads. */
public class ConfigSnapshot extends ApiValue {

    /** What kind of object was copied. */
    public enum Kind {
        /** A ConfigMap. */
        ConfigMap,
        /** A Secret. */
        Secret
    }

    /** ConfigMap or Secret. */
    @JsonPropertyDescription("ConfigMap or Secret.")
    @Required
    public Kind kind;

    /** The name the template refers to. */
    @JsonPropertyDescription("Name of the object the template refers to.")
    @Required
    public String source;

    /** The immutable copy. */
    @JsonPropertyDescription("Name of the immutable copy that the revision's pods read.")
    @Required
    public String copy;

    /** A snapshot entry. */
    public static ConfigSnapshot of(Kind kind, String source, String copy) {
        ConfigSnapshot snapshot = new ConfigSnapshot();
        snapshot.kind = kind;
        snapshot.source = source;
        snapshot.copy = copy;
        return snapshot;
    }
}
