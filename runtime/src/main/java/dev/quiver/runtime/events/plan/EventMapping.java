package dev.quiver.runtime.events.plan;

import dev.quiver.runtime.invoke.Invocation;
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
 * A message that already is a binary-mode CloudEvent (it carries {@code ce-*} headers) keeps its attributes.
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
        boolean cloudEvent = headers.keySet().stream().anyMatch(STANDARD::contains);
        String id = defaultId;
        String source = defaultSource;
        String type = defaultType;
        String ceSubject = subject;
        Instant time = Instant.now();
        if (cloudEvent) {
            String version = headers.get("ce-specversion");
            if (!Invocation.SPEC_VERSION.equals(version)) {
                throw new MalformedEventException("the message carries ce-* headers but ce-specversion is "
                        + (version == null ? "missing" : "'" + version + "'") + "; only CloudEvents "
                        + Invocation.SPEC_VERSION + " in binary mode is understood");
            }
            id = required(headers, "ce-id");
            source = required(headers, "ce-source");
            type = required(headers, "ce-type");
            ceSubject = headers.getOrDefault("ce-subject", subject);
            time = headers.containsKey("ce-time") ? time(headers.get("ce-time")) : time;
        }
        Map<String, String> more = new LinkedHashMap<>();
        // Extension attributes (traceparent, partitionkey …) travel on; the standard ones are set by the invoker.
        headers.forEach((name, value) -> {
            if (name.startsWith("ce-") && !STANDARD.contains(name)) {
                more.put(name, value);
            }
        });
        // The W3C trace context of the publisher: the call joins its trace (TracedInvoker makes it a consumer span).
        copy(headers, "traceparent", more);
        copy(headers, "tracestate", more);
        more.putAll(extra);
        return new Invocation(namespace, function, id, source, type, ceSubject, time,
                headers.getOrDefault("content-type", "application/json"), data, more, timeout);
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
