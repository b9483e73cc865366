package dev.quiver.runtime.invoke;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a function that did not come in as an HTTP request to the gateway: a NATS or JetStream message,
 * a schedule firing, a stored asynchronous request. It travels to the function as a CloudEvent in HTTP binary
 * mode: the attributes become {@code ce-*} headers and the data is the request body ({@link CloudEventMessages}).
 *
 * @param namespace   the function's namespace
 * @param function    the function's name
 * @param id          the CloudEvent id (unique per event; redeliveries keep it)
 * @param source      the CloudEvent source, e.g. {@code nats://link-events} or {@code quiver/schedule/hello/0}
 * @param type        the CloudEvent type, e.g. {@code dev.quiver.nats.message}
 * @param subject     the CloudEvent subject (the NATS subject), or null
 * @param time        when the event happened
 * @param contentType the data's media type, e.g. {@code application/json}
 * @param data        the event's data, the request body
 * @param headers     more request headers to send (e.g. {@code x-quiver-attempt}, the message's {@code traceparent}),
 *                    never the standard {@code ce-*} ones
 * @param timeout     longest time the call may take before it counts as failed
 */
public record Invocation(String namespace, String function, String id, String source, String type, String subject,
        Instant time, String contentType, byte[] data, Map<String, String> headers, Duration timeout) {

    /** CloudEvents spec version sent in {@code ce-specversion}. */
    public static final String SPEC_VERSION = "1.0";

    public Invocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        time = time == null ? Instant.now() : time;
        contentType = contentType == null ? "application/json" : contentType;
        data = data == null ? new byte[0] : data;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The same invocation with other request headers (e.g. a trace context of the runtime's own span). */
    public Invocation withHeaders(Map<String, String> other) {
        return new Invocation(namespace, function, id, source, type, subject, time, contentType, data, other, timeout);
    }
}
