package dev.quiver.runtime.invoke;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.message.impl.BaseGenericBinaryMessageReaderImpl;
import io.cloudevents.jackson.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * CloudEvents on the wire through the CloudEvents SDK, in both content modes of the HTTP (and NATS) bindings:
 * binary (attributes in {@code ce-*} headers, the data is the body) and structured ({@code application/cloudevents+json},
 * the whole event is the body). Header values are percent-encoded when written and decoded when read, as the bindings
 * require for space, {@code "}, {@code %} and anything outside printable ASCII. Pure: headers are plain maps.
 */
public final class CloudEventMessages {

    /** The media type of a structured-mode event in JSON. */
    public static final String STRUCTURED_JSON = JsonFormat.CONTENT_TYPE;

    private static final String PREFIX = "ce-";
    private static final JsonFormat JSON = new JsonFormat();

    private CloudEventMessages() {
    }

    /** Whether a message with this {@code Content-Type} is a structured-mode event in JSON. */
    public static boolean isStructured(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_JSON);
    }

    /** Whether the headers (any case) are a binary-mode event: they carry {@code ce-specversion}, as the SDK reads it. */
    public static boolean isBinary(Map<String, String> headers) {
        return header(headers, PREFIX + "specversion") != null;
    }

    /**
     * The event a message carries, in either mode; empty when it is not a CloudEvent (no {@code ce-*} header and
     * not {@code application/cloudevents+json}).
     *
     * @param headers the message's headers (first value of each), any case
     * @throws io.cloudevents.rw.CloudEventRWException when it is meant as an event but is not a valid one (or an
     *         {@link IllegalArgumentException}/{@link IllegalStateException} from the SDK's builder)
     */
    public static Optional<CloudEvent> read(Map<String, String> headers, byte[] body) {
        String contentType = header(headers, "content-type");
        if (isStructured(contentType)) {
            return Optional.of(JSON.deserialize(body == null ? new byte[0] : body));
        }
        if (!isBinary(headers)) {
            return Optional.empty();
        }
        String version = header(headers, PREFIX + "specversion");
        MessageReader reader = new BinaryReader(SpecVersion.parse(version), headers, body);
        return Optional.of(reader.toEvent());
    }

    /** The event's attributes as binary-mode headers ({@code ce-*} percent-encoded, and {@code content-type}). */
    public static Map<String, String> binaryHeaders(CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PREFIX + "specversion", event.getSpecVersion().toString());
        for (String name : event.getAttributeNames()) {
            if (name.equals("specversion") || name.equals("datacontenttype")) {
                continue;
            }
            Object value = event.getAttribute(name);
            if (value != null) {
                headers.put(PREFIX + name, encode(text(value)));
            }
        }
        for (String name : event.getExtensionNames()) {
            headers.put(PREFIX + name, encode(text(event.getExtension(name))));
        }
        if (event.getDataContentType() != null) {
            headers.put("content-type", event.getDataContentType());
        }
        return headers;
    }

    /** The event as a structured-mode body; it is sent with {@code Content-Type: }{@link #STRUCTURED_JSON}. */
    public static byte[] structured(CloudEvent event) {
        return JSON.serialize(event);
    }

    /** The CloudEvent an invocation delivers: its attributes, data and data content type. */
    public static CloudEvent event(Invocation invocation) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(invocation.id())
                .withSource(uri(invocation.source()))
                .withType(invocation.type())
                .withTime(invocation.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(invocation.contentType());
        if (invocation.subject() != null) {
            builder.withSubject(invocation.subject());
        }
        if (invocation.data().length > 0) {
            builder.withData(invocation.data());
        }
        return builder.build();
    }

    /** The event's data as bytes (empty when it has none). */
    public static byte[] data(CloudEvent event) {
        CloudEventData data = event.getData();
        return data == null ? new byte[0] : data.toBytes();
    }

    /** The source as a URI reference; characters a URI may not hold are quoted rather than refused. */
    private static URI uri(String source) {
        try {
            return new URI(source);
        } catch (URISyntaxException e) {
            try {
                return new URI(null, source, null);
            } catch (URISyntaxException still) {
                throw new IllegalArgumentException("the event source '" + source + "' is not a URI reference", still);
            }
        }
    }

    private static String text(Object value) {
        if (value instanceof java.time.OffsetDateTime time) {
            return time.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        return value.toString();
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Percent-encodes what the bindings say must be: space, {@code "}, {@code %} and anything not printable ASCII. */
    static String encode(String value) {
        StringBuilder out = null;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = b > 0x20 && b < 0x7f && b != '"' && b != '%';
            if (!plain && out == null) {
                out = new StringBuilder(new String(bytes, 0, i, StandardCharsets.UTF_8));
            }
            if (out != null) {
                if (plain) {
                    out.append((char) b);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        }
        return out == null ? value : out.toString();
    }

    /** Decodes {@code %XX} sequences as UTF-8; anything else, a lone {@code %} included, is kept as it is. */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The SDK's generic binary reader over a header map, percent-decoding the values. */
    private static final class BinaryReader extends BaseGenericBinaryMessageReaderImpl<String, String> {

        private final Map<String, String> headers;

        BinaryReader(SpecVersion version, Map<String, String> headers, byte[] body) {
            super(version, body == null || body.length == 0 ? null : BytesCloudEventData.wrap(body));
            this.headers = headers;
        }

        @Override
        protected boolean isContentTypeHeader(String key) {
            return key.equalsIgnoreCase("content-type");
        }

        @Override
        protected boolean isCloudEventsHeader(String key) {
            return key.length() > PREFIX.length() && key.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
        }

        @Override
        protected String toCloudEventsKey(String key) {
            return key.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        }

        @Override
        protected void forEachHeader(BiConsumer<String, String> fn) {
            headers.forEach(fn);
        }

        @Override
        protected String toCloudEventsValue(String value) {
            return decode(value);
        }
    }
}
