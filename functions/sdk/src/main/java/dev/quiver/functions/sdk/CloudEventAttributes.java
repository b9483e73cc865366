package dev.quiver.functions.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The attributes of the CloudEvent a function is serving, read from the {@code ce-*} headers of an HTTP request
 * in binary mode (the way the runtime delivers NATS and JetStream messages, schedules and asynchronous calls).
 * The event's data is the request body, which Funqy hands to the function as its input. Pure: no request types.
 *
 * @param id          {@code ce-id}: unique per event; a redelivery of the same message keeps it
 * @param source      {@code ce-source}, e.g. {@code nats://link-events}
 * @param type        {@code ce-type}, e.g. {@code dev.quiver.nats.message}
 * @param specVersion {@code ce-specversion}, {@code 1.0}
 * @param subject     {@code ce-subject} (the NATS subject), or null
 * @param time        {@code ce-time} as sent (RFC 3339), or null; see {@link #timestamp()}
 * @param contentType the request's {@code Content-Type} (the data's media type), or null
 * @param extensions  every other {@code ce-*} header, by its lower-case name without the prefix
 */
public record CloudEventAttributes(String id, String source, String type, String specVersion, String subject,
        String time, String contentType, Map<String, String> extensions) {

    /** The prefix of the binary-mode attribute headers. */
    public static final String PREFIX = "ce-";

    private static final Set<String> KNOWN = Set.of("id", "source", "type", "specversion",
            "subject", "time");

    public CloudEventAttributes {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /**
     * The attributes in a request's headers, or empty when the request is not a CloudEvent: a plain HTTP call
     * carries no {@code ce-id}, {@code ce-source}, {@code ce-type} and {@code ce-specversion} (all four are required
     * by the CloudEvents spec, so a request with only some of them is not treated as an event either).
     *
     * @param headers every header of the request by name; lookups must ignore case, as HTTP does
     */
    public static Optional<CloudEventAttributes> fromHeaders(Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (name != null && value != null) {
                boolean attribute = name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
                byName.putIfAbsent(name, attribute ? percentDecoded(value) : value);
            }
        });
        Function<String, String> header = name -> blankToNull(byName.get(name));
        String id = header.apply("ce-id");
        String source = header.apply("ce-source");
        String type = header.apply("ce-type");
        String specVersion = header.apply("ce-specversion");
        if (id == null || source == null || type == null || specVersion == null) {
            return Optional.empty();
        }
        Map<String, String> extensions = new TreeMap<>();
        byName.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(PREFIX) && !KNOWN.contains(lower.substring(PREFIX.length()))) {
                extensions.put(lower.substring(PREFIX.length()), value);
            }
        });
        return Optional.of(new CloudEventAttributes(id, source, type, specVersion, header.apply("ce-subject"),
                header.apply("ce-time"), header.apply("content-type"), extensions));
    }

    /** {@code ce-time} as an instant; empty when absent or not RFC 3339 (a bad time is not a reason to drop an event). */
    public Optional<Instant> timestamp() {
        if (time == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(time).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One extension attribute ({@code ce-<name>}), if the event has it. */
    public Optional<String> extension(String name) {
        return Optional.ofNullable(extensions.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The CloudEvents HTTP binding percent-encodes a space, {@code "}, {@code %} and anything outside printable
     * ASCII in a {@code ce-*} header (as UTF-8); a {@code +} stays a plus, unlike form encoding.
     */
    static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (c == '%' && low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
