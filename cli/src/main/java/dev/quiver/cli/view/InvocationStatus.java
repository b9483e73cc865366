package dev.quiver.cli.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The state of an asynchronous invocation as {@code GET /invocations/<id>} reports it.
 *
 * @param id        the invocation id
 * @param function  the function called
 * @param status    queued, running, succeeded or failed
 * @param attempts  how many times the function was called so far
 * @param createdAt when the call was accepted
 * @param updatedAt when its state last changed
 * @param response  the function's answer, once there is one
 * @param error     why it failed, when it did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InvocationStatus(String id, String function, String status, Integer attempts, String createdAt,
        String updatedAt, Response response, String error) {

    /**
     * The function's answer.
     *
     * @param status     its HTTP status
     * @param headers    its headers, the last value of each (as the runtime stores them)
     * @param body       its body as text, when it is text
     * @param bodyBase64 its body in base64, when it is not
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Response(Integer status, Map<String, String> headers, String body, String bodyBase64) {

        /** The body as text (decoded from base64 when it came that way); empty when there is none. */
        public String text() {
            if (body != null) {
                return body;
            }
            return bodyBase64 == null ? "" : new String(Base64.getDecoder().decode(bodyBase64), StandardCharsets.UTF_8);
        }
    }

    /** Whether the invocation has finished, one way or the other. */
    public boolean finished() {
        return "succeeded".equalsIgnoreCase(status) || "failed".equalsIgnoreCase(status);
    }

    /** Whether it finished with an answer of 2xx. */
    public boolean succeeded() {
        return "succeeded".equalsIgnoreCase(status)
                && (response == null || response.status() == null || response.status() / 100 == 2);
    }
}
