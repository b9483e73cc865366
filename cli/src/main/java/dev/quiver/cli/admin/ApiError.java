package dev.quiver.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;

import java.util.ArrayList;
import java.util.List;

/** Turns an error response of the runtime ({@code {error, message, problems}}) into words for the user. */
final class ApiError {

    private ApiError() {
    }

    /** Whether an error body names a function: a 404 that does is an unknown function, not a missing route. */
    static boolean namesFunction(String body) {
        try {
            JsonNode json = ApiJson.json().readTree(body);
            return json != null && json.hasNonNull("function");
        } catch (Exception e) {
            return false;
        }
    }

    /** The failure for a non-2xx response. */
    static CliException from(int status, String body) {
        JsonNode json;
        try {
            json = ApiJson.json().readTree(body);
        } catch (Exception e) {
            json = null;
        }
        if (json == null || !json.hasNonNull("message")) {
            String text = body == null || body.isBlank() ? "(no body)" : body.strip();
            return new CliException(ExitCodes.FAILED, "the runtime answered " + status + ": "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : json.path("problems")) {
            String path = problem.path("path").asText("");
            problems.add((path.isEmpty() ? "" : path + ": ") + problem.path("message").asText());
        }
        String error = json.path("error").asText("");
        return new CliException(ExitCodes.FAILED, json.get("message").asText() + (error.isEmpty() ? "" : " (" + error + ")"),
                problems);
    }
}
