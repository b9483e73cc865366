package dev.quiver.functions.sdk;

import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

import java.time.Instant;

/** A function that shows what {@link CloudEvents} tells it about the request it serves. */
public class CloudEventFunctions {

    /**
     * What the function saw.
     *
     * @param event the event's attributes, or null for a plain HTTP call
     * @param data the input Funqy read from the body
     * @param epochMillis {@code ce-time} as epoch milliseconds, or null when absent or unreadable
     */
    public record Seen(CloudEventAttributes event, TestFunctions.Order data, Long epochMillis) {
    }

    @Inject
    CloudEvents events;

    /** Answers the event attributes and the data it was given. */
    @Funq
    public Seen event(TestFunctions.Order order) {
        CloudEventAttributes event = events.current().orElse(null);
        Long millis = event == null ? null : event.timestamp().map(Instant::toEpochMilli).orElse(null);
        return new Seen(event, order, millis);
    }
}
