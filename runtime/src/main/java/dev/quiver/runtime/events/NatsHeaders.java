package dev.quiver.runtime.events;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between jnats headers and plain maps. */
final class NatsHeaders {

    private NatsHeaders() {
    }

    /** The message's headers, first value of each. */
    static Map<String, String> of(Message message) {
        Map<String, String> map = new LinkedHashMap<>();
        Headers headers = message.getHeaders();
        if (headers != null) {
            for (String name : headers.keySet()) {
                String value = headers.getFirst(name);
                if (value != null) {
                    map.put(name, value);
                }
            }
        }
        return map;
    }

    /** The message's headers (a copy, or empty ones) with these put over them. */
    static Headers with(Message message, Map<String, String> more) {
        Headers headers = message.getHeaders() == null ? new Headers() : new Headers(message.getHeaders());
        more.forEach(headers::put);
        return headers;
    }
}
