package dev.quiver.runtime.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.validation.Problem;
import dev.quiver.runtime.events.plan.TriggerStatus;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON bodies the admin API and the dashboard API share, so that both read traffic and answer errors in the same
 * words: {@code {error, message, function}} errors, {@code InvalidTraffic} with its problems, trigger states.
 */
public final class AdminJson {

    private AdminJson() {
    }

    /** A traffic body that is not a JSON array of targets; the message says what was wrong and shows an example. */
    public static final class MalformedTraffic extends IllegalArgumentException {

        MalformedTraffic(String message) {
            super(message);
        }
    }

    /**
     * The traffic targets of a {@code PUT .../traffic} body.
     *
     * @param name the function, for the example in the message
     * @throws MalformedTraffic when the body is empty or not a JSON array of traffic targets
     */
    public static List<TrafficTarget> trafficTargets(String name, String body) {
        try {
            if (body == null || body.isBlank()) {
                throw new IllegalArgumentException("the body is empty");
            }
            return Arrays.asList(ApiJson.json().readValue(body, TrafficTarget[].class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new MalformedTraffic("the body must be a JSON array of traffic targets "
                    + "(e.g. [{\"revisionName\":\"" + name + "-00001\",\"percent\":100}]): " + why);
        }
    }

    /** {@code {error, message, function}}; the function is left out when null. */
    public static ObjectNode error(String error, String message, String function) {
        ObjectNode body = ApiJson.json().createObjectNode();
        body.put("error", error);
        body.put("message", message);
        if (function != null) {
            body.put("function", function);
        }
        return body;
    }

    /** {@code InvalidTraffic} with every problem and its field path. */
    public static ObjectNode invalidTraffic(String name, String message, List<Problem> problems) {
        ObjectNode body = error("InvalidTraffic", message, name);
        ArrayNode list = body.putArray("problems");
        problems.forEach(problem -> list.addObject().put("path", problem.path()).put("message", problem.message()));
        return body;
    }

    /** {@code {function, triggers: [...]}}: fields that do not apply to a trigger's kind are null and left out. */
    public static ObjectNode triggers(String name, List<TriggerStatus> statuses) {
        ObjectNode body = ApiJson.json().createObjectNode();
        body.put("function", name);
        body.set("triggers", ApiJson.json().valueToTree(statuses));
        return body;
    }
}
