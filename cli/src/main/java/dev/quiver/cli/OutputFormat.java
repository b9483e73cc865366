package dev.quiver.cli;

import dev.quiver.api.ApiJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code list} and {@code describe} print: a table for people (wide: with more columns), YAML or JSON for
 * scripts, or only the names ({@code function/hello}, as kubectl's {@code -o name}).
 */
public enum OutputFormat {
    /** Readable columns. */
    table,
    /** The API objects as YAML. */
    yaml,
    /** The API objects as JSON. */
    json,
    /** One {@code function/NAME} per line. */
    name,
    /** The table with more columns. */
    wide;

    /** The value in this format; only for yaml and json. */
    public String write(Object value) {
        return this == json ? ApiJson.toJson(value) + "\n" : ApiJson.toYaml(value);
    }

    /** Several objects as kubectl prints them: a {@code kind: List} (apiVersion v1) holding them as items. */
    public String writeList(List<?> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", items);
        return write(list);
    }

    /** Whether this format is YAML or JSON. */
    public boolean structured() {
        return this == yaml || this == json;
    }
}
