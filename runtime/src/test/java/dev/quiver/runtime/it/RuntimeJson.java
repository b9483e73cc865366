package dev.quiver.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Reading what the runtime answers: JSON bodies, resources' conditions, the revision that served a request. */
final class RuntimeJson {

    private RuntimeJson() {
    }

    /** The revision that served a request ({@code X-Quiver-Revision}). */
    static String revisionOf(HttpResponse<String> response) {
        return response.headers().firstValue("X-Quiver-Revision").orElse("(none)");
    }

    /** A condition's status of a resource, or null. */
    static String condition(JsonNode resource, String type) {
        for (JsonNode condition : resource.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return null;
    }

    /** The text as JSON; an error that quotes it when it is not JSON. */
    static JsonNode json(String text) {
        try {
            return ApiJson.json().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
