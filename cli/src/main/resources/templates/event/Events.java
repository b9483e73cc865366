package {{package}};

import dev.quiver.functions.sdk.CloudEventAttributes;
import dev.quiver.functions.sdk.CloudEvents;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The function: Quiver POSTs each NATS message on its trigger's subject to it as a CloudEvent in binary mode (the
 * message is the body, Funqy hands it over as the input; the attributes are {@code ce-*} headers, which the SDK's
 * {@link CloudEvents} reads). An answer other than 2xx counts as a failed delivery.
 */
public class Events {

    @Inject
    CloudEvents events;

    /**
     * The message's data.
     *
     * @param name whom to greet; {@code world} when missing
     */
    public record Request(String name) {
    }

    /**
     * What the function made of the event.
     *
     * @param greeting {@code Hello, <name>!}
     * @param eventId  the event's {@code ce-id}, or null for a plain HTTP call
     * @param subject  the NATS subject it came on, or null
     */
    public record Handled(String greeting, String eventId, String subject) {
    }

    /** Handles one event (or plain HTTP call). */
    @Funq
    public Handled handle(Request request) {
        String name = request == null || request.name() == null || request.name().isBlank() ? "world" : request.name();
        Optional<CloudEventAttributes> event = events.current();
        return new Handled("Hello, " + name + "!", event.map(CloudEventAttributes::id).orElse(null),
                event.map(CloudEventAttributes::subject).orElse(null));
    }
}
