package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.TreeSet;

/**
 * The one JSON/YAML mapping of the Quiver API types: empty values are left out, map keys are sorted (so
 * the same object always serialises to the same bytes), and unknown fields in input are an error rather
 * than silently dropped, so a typo in a {@code function.yaml} is reported instead of ignored.
 */
public final class ApiJson {

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private ApiJson() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The JSON mapper for API types. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The YAML mapper for API types. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** The JSON tree of a value, as it would be written. */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /**
     * Reads YAML (or JSON, a subset of it) into a type; a malformed document is an {@link IllegalArgumentException}
     * whose message names the field and the line, e.g. {@code unknown field 'spec.template.timeoutSecond' at line 7}.
     */
    public static <T> T fromYaml(String yaml, Class<T> type) {
        try {
            return YAML.readValue(yaml, type);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field '" + path(e) + "'" + at(e) + "; the fields allowed there are "
                    + new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()), e);
        } catch (JsonMappingException e) {
            String path = path(e);
            throw new IllegalArgumentException((path.isEmpty() ? "" : "field '" + path + "'" + at(e) + ": ")
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + at(e), e);
        }
    }

    /** The field path of a mapping error as a person writes it: {@code spec.traffic[1].percent}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String at(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "" : " at line " + location.getLineNr();
    }

    /** Writes a value as YAML. */
    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Writes a value as compact JSON. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** A deep copy made through the JSON form. */
    public static <T> T copy(T value, Class<T> type) {
        return JSON.convertValue(JSON.valueToTree(value), type);
    }
}
