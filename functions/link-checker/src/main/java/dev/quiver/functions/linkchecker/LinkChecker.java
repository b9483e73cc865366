package dev.quiver.functions.linkchecker;

import dev.quiver.functions.sdk.CloudEventAttributes;
import dev.quiver.functions.sdk.CloudEvents;
import dev.quiver.functions.sdk.QuiverException;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The seed's link checker (Hands-On Microservices with Kubernetes, chapter 9): POST {@code {"Username", "Url"}},
 * the link is HEAD-checked, and {@code {Username, Url, Status}} is answered and published on NATS.
 *
 * <p>The same function also runs on events: its JetStream trigger on {@code link-events} delivers each message as a
 * CloudEvent whose data is the same request. A result published for an event carries the event's id, so that a
 * redelivered event (after a crash between publishing and acknowledging) publishes a duplicate JetStream can drop.
 */
public class LinkChecker {

    @Inject
    LinkProbe probe;

    @Inject
    ResultPublisher publisher;

    @Inject
    CloudEvents events;

    /** Checks one user's link; a missing or blank field is a 400, as in the seed. */
    @Funq("link-checker")
    public LinkChecked check(CheckLinkRequest request) {
        if (request == null) {
            throw QuiverException.badRequest("the request body is required: {\"Username\": \"...\", \"Url\": \"...\"}");
        }
        if (isBlank(request.username()) || isBlank(request.url())) {
            throw QuiverException.badRequest("missing Username ('" + nullToEmpty(request.username())
                    + "') and/or Url ('" + nullToEmpty(request.url()) + "')");
        }
        LinkChecked result = new LinkChecked(request.username(), request.url(), probe.check(request.url()));
        publisher.publish(result, events.current().map(CloudEventAttributes::id));
        return result;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
