package dev.quiver.runtime.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * The status of one asynchronous invocation, as {@code GET /invocations/<id>} answers and the callback receives
 * it. It never holds the request's headers, so no credential can show up here.
 *
 * @param id        the invocation's id
 * @param function  the function's name
 * @param status    {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param attempts  how many times the function was called so far
 * @param createdAt when the request was accepted (ISO-8601)
 * @param updatedAt when this record last changed (ISO-8601)
 * @param response  the function's last answer, or null before any
 * @param error     why the last attempt failed, or null
 * @param callback  how delivering the result to the callback URL went, or null when there is no callback URL
 * @param namespace the function's namespace; null in records of older runtimes (the default namespace)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationRecord(String id, String function, String status, int attempts, String createdAt,
        String updatedAt, Response response, String error, Callback callback, String namespace) {

    /** Waiting for a worker (first time, or between retries). */
    public static final String QUEUED = "queued";
    /** A worker is calling the function. */
    public static final String RUNNING = "running";
    /** The function answered 2xx. */
    public static final String SUCCEEDED = "succeeded";
    /** The function answered an error that retrying cannot fix, or every attempt failed. */
    public static final String FAILED = "failed";

    /** Checks the required parts. */
    public InvocationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(status, "status");
    }

    /**
     * A function's answer.
     *
     * @param status     the HTTP status
     * @param headers    the answer's headers (the last value of each)
     * @param body       the body as text, when its media type is textual or JSON
     * @param bodyBase64 the body in Base64 otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(int status, Map<String, String> headers, String body, String bodyBase64) {
    }

    /**
     * How delivering the result to the callback URL went.
     *
     * @param state    {@code pending}, {@code delivered} or {@code failed}
     * @param attempts how many POSTs were tried
     * @param status   the callback's last HTTP status, or null when none answered
     * @param error    why the delivery failed, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Callback(String state, int attempts, Integer status, String error) {

        /** Not tried yet. */
        public static final String PENDING = "pending";
        /** The callback answered 2xx. */
        public static final String DELIVERED = "delivered";
        /** Every POST failed; recorded, not fatal. */
        public static final String FAILED = "failed";
    }

    /** A new record for an accepted request. */
    public static InvocationRecord queued(StoredRequest request) {
        return new InvocationRecord(request.id(), request.function(), QUEUED, 0, request.createdAt(),
                request.createdAt(), null, null,
                request.callbackUrl() == null ? null : new Callback(Callback.PENDING, 0, null, null), request.namespace());
    }

    /** Whether the invocation is over (succeeded or failed). */
    public boolean finished() {
        return SUCCEEDED.equals(status) || FAILED.equals(status);
    }

    /** This record in another state. */
    public InvocationRecord with(String newStatus, int newAttempts, String now, Response newResponse, String newError) {
        return new InvocationRecord(id, function, newStatus, newAttempts, createdAt, now, newResponse, newError, callback,
                namespace);
    }

    /** This record with another callback outcome. */
    public InvocationRecord withCallback(Callback outcome, String now) {
        return new InvocationRecord(id, function, status, attempts, createdAt, now, response, error, outcome, namespace);
    }
}
