package dev.quiver.runtime.async;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a function's answer into the {@code response} of a status record: text when it is text, else Base64. */
final class Responses {

    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "content-length", "proxy-authenticate");

    private Responses() {
    }

    /** The record's response, or null when no function answered. */
    static InvocationRecord.Response of(HttpForwarder.Answer answer) {
        if (answer.status() == 0) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.headers().forEach((name, value) -> {
            if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        byte[] body = answer.body();
        String text = textual(answer.contentType()) ? utf8(body) : null;
        return text != null || body.length == 0
                ? new InvocationRecord.Response(answer.status(), headers, text == null ? "" : text, null)
                : new InvocationRecord.Response(answer.status(), headers, null, Base64.getEncoder().encodeToString(body));
    }

    /** How many bytes the answer's record response takes as stored JSON: what must fit the record's limit. */
    static long storedSize(HttpForwarder.Answer answer) {
        try {
            return InvocationStore.JSON.writeValueAsBytes(of(answer)).length;
        } catch (JsonProcessingException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Whether a media type is text: {@code text/*}, JSON, XML or a form; none at all counts too, if it decodes. */
    static boolean textual(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    /** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
