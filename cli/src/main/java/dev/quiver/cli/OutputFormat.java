package dev.quiver.cli;

import dev.quiver.api.ApiJson;

/** How {@code list} and {@code describe} print: a table for people, YAML or JSON for scripts. */
public enum OutputFormat {
    /** Readable columns. */
    table,
    /** The API objects as YAML. */
    yaml,
    /** The API objects as JSON. */
    json;

    /** The value in this format; only for yaml and json. */
    public String write(Object value) {
        return this == json ? ApiJson.toJson(value) + "\n" : ApiJson.toYaml(value);
    }
}
