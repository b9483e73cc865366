package dev.quiver.runtime.events.plan;

import dev.quiver.runtime.invoke.CloudEventMessages;
import dev.quiver.runtime.invoke.Invocation;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.rw.CloudEventRWException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a NATS message becomes a CloudEvent invocation. The id is the {@code Nats-Msg-Id} header when present,
 * else {@code <stream>-<sequence>} for JetStream (stable across redeliveries) or a random UUID for core NATS;
 * the source is {@code nats://<subject>} or {@code jetstream://<stream>}; the subject is the NATS subject.
 * A message that already is a CloudEvent keeps its attributes: in binary mode (it carries {@code ce-*} headers,
 * percent-encoded values decoded) or in structured mode ({@code Content-Type: application/cloudevents+json}, whose
 * data becomes the body); either way the function receives it in binary mode. Read with the CloudEvents SDK
 * ({@link CloudEventMessages}).
 */
public final class EventMapping {

    /** Type of events from core NATS. */
    public static final String NATS_TYPE = "dev.quiver.nats.message";
    /** Type of events from JetStream. */
    public static final String JETSTREAM_TYPE = "dev.quiver.jetstream.message";
    /** Header telling the function which delivery this is (1 = first). */
    public static final String ATTEMPT_HEADER = "x-quiver-attempt";

    private static final String MSG_ID = "nats-msg-id";
    private static final Set<String> STANDARD = Set.of("ce-specversion", "ce-id", "ce-source", "ce-type",
            "ce-subject", "ce-time");

    private EventMapping() {
    }

    /**
     * The invocation for a core NATS message.
     *
     * @param headers the message's headers (first value of each), any case
     * @throws MalformedEventException when its {@code ce-*} headers do not make a valid CloudEvent
     */
    public static Invocation core(CoreTrigger trigger, String subject, Map<String, String> headers, byte[] data) {
        Map<String, String> lower = lower(headers);
        String id = lower.getOrDefault(MSG_ID, UUID.randomUUID().toString());
        return invocation(trigger.namespace(), trigger.function(), lower, id, "nats://" + subject, NATS_TYPE, subject,
                data, Map.of(), trigger.timeout());
    }

    /**
     * The invocation for a JetStream message.
     *
     * @param sequence the message's stream sequence
     * @param attempt  which delivery this is (1 = the first)
     * @throws MalformedEventException when its {@code ce-*} headers do not make a valid CloudEvent
     */
    public static Invocation jetstream(JetStreamBinding binding, String subject, long sequence, long attempt,
            Map<String, String> headers, byte[] data) {
        Map<String, String> lower = lower(headers);
        String id = lower.getOrDefault(MSG_ID, binding.stream() + "-" + sequence);
        return invocation(binding.namespace(), binding.function(), lower, id, "jetstream://" + binding.stream(),
                JETSTREAM_TYPE, subject, data, Map.of(ATTEMPT_HEADER, String.valueOf(attempt)), binding.timeout());
    }

    private static Invocation invocation(String namespace, String function, Map<String, String> headers,
            String defaultId, String defaultSource, String defaultType, String subject, byte[] data,
            Map<String, String> extra, Duration timeout) {
        boolean structured = CloudEventMessages.isStructured(headers.get("content-type"));
        boolean binary = !structured && headers.keySet().stream().anyMatch(STANDARD::contains);
        if (binary) {
            // checked here first for messages that say which header is wrong
            String version = headers.get("ce-specversion");
            if (!Invocation.SPEC_VERSION.equals(version)) {
                throw new MalformedEventException("the message carries ce-* headers but ce-specversion is "
                        + (version == null ? "missing" : "'" + version + "'") + "; only CloudEvents "
                        + Invocation.SPEC_VERSION + " is understood");
            }
            required(headers, "ce-id");
            required(headers, "ce-source");
            required(headers, "ce-type");
            if (headers.containsKey("ce-time")) {
                time(headers.get("ce-time"));
            }
        }
        Map<String, String> more = new LinkedHashMap<>();
        Invocation invocation;
        if (structured || binary) {
            CloudEvent event = event(headers, data);
            if (event.getSpecVersion() != SpecVersion.V1) {
                throw new MalformedEventException("the message is a CloudEvent " + event.getSpecVersion()
                        + "; only CloudEvents " + Invocation.SPEC_VERSION + " is understood");
            }
            // Extension attributes (traceparent, partitionkey …) and optional ones the invocation has no field for
            // (dataschema) travel on as binary-mode headers; the others are set by the invoker.
            CloudEventMessages.binaryHeaders(event).forEach((name, value) -> {
                if (name.startsWith("ce-") && !STANDARD.contains(name)) {
                    more.put(name, value);
                }
            });
            invocation = new Invocation(namespace, function, event.getId(), event.getSource().toString(),
                    event.getType(), event.getSubject() != null ? event.getSubject() : subject,
                    event.getTime() != null ? event.getTime().toInstant() : Instant.now(),
                    event.getDataContentType() != null ? event.getDataContentType() : "application/json",
                    structured ? CloudEventMessages.data(event) : data, more, timeout);
        } else {
            invocation = new Invocation(namespace, function, defaultId, defaultSource, defaultType, subject,
                    Instant.now(), headers.getOrDefault("content-type", "application/json"), data, more, timeout);
        }
        // The W3C trace context of the publisher: the call joins its trace (TracedInvoker makes it a consumer span).
        copy(headers, "traceparent", more);
        copy(headers, "tracestate", more);
        more.putAll(extra);
        return invocation.withHeaders(more);
    }

    private static CloudEvent event(Map<String, String> headers, byte[] data) {
        try {
            return CloudEventMessages.read(headers, data).orElseThrow();
        } catch (CloudEventRWException | EventDeserializationException | IllegalArgumentException
                | IllegalStateException e) {
            throw new MalformedEventException("the message is not a valid CloudEvent: " + reason(e));
        }
    }

    /** The innermost cause's first line: Jackson's messages go on with where in the input it stopped. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static void copy(Map<String, String> headers, String name, Map<String, String> into) {
        String value = headers.get(name);
        if (value != null && !value.isBlank()) {
            into.put(name, value);
        }
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("the message is a CloudEvent without the required header " + name);
        }
        return value;
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("ce-time '" + text + "' is not an RFC 3339 timestamp");
        }
    }

    private static Map<String, String> lower(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }
}
