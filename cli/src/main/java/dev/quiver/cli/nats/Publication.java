package dev.quiver.cli.nats;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.api.ApiJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code quiver publish} sends, checked before any connection is made: a subject a message can be published
 * to, headers, and the data. Pure.
 *
 * @param subject the subject
 * @param headers NATS headers by name, in the order given (repeated names keep every value)
 * @param data    the message data
 */
public record Publication(String subject, Map<String, List<String>> headers, byte[] data) {

    /**
     * Checks the user's input.
     *
     * @param subject the subject to publish to: dot-separated tokens, no wildcards, no whitespace
     * @param headers {@code K=V} strings
     * @param data    the data as text, or null for an empty message
     * @param raw     send the data as given; otherwise it must be JSON
     * @throws IllegalArgumentException with a message for the user when something is wrong
     */
    public static Publication of(String subject, List<String> headers, String data, boolean raw) {
        checkSubject(subject);
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String header : headers) {
            int eq = header.indexOf('=');
            String name = eq <= 0 ? "" : header.substring(0, eq).strip();
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c > '~')) {
                throw new IllegalArgumentException("--header expects K=V with a name of printable characters and no ':'"
                        + " (e.g. Nats-Msg-Id=order-1), got '" + header + "'");
            }
            parsed.computeIfAbsent(name, k -> new ArrayList<>()).add(header.substring(eq + 1).strip());
        }
        if (data != null && !raw) {
            if (data.isBlank()) {
                throw new IllegalArgumentException("--data is empty: leave it out to publish an empty message");
            }
            checkJson(data);
        }
        return new Publication(subject, parsed, data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8));
    }

    private static void checkSubject(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("the subject is empty");
        }
        if (subject.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("subject '" + subject + "' contains whitespace");
        }
        for (String token : subject.split("\\.", -1)) {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("subject '" + subject + "' has an empty token (leading, trailing "
                        + "or doubled '.')");
            }
            if (token.equals("*") || token.equals(">")) {
                throw new IllegalArgumentException("subject '" + subject + "' has a wildcard ('" + token
                        + "'): a message is published to one concrete subject");
            }
        }
    }

    private static void checkJson(String data) {
        try (var parser = ApiJson.json().createParser(data)) {
            ApiJson.json().readTree(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("--data is not one JSON value: there is more after it "
                        + "(pass --raw to send any text)");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--data is not valid JSON: " + e.getOriginalMessage()
                    + " (pass --raw to send any text)");
        } catch (IOException e) {
            throw new IllegalArgumentException("--data cannot be read: " + e.getMessage());
        }
    }
}
