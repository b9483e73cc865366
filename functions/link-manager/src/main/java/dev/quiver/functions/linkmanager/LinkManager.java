package dev.quiver.functions.linkmanager;

import dev.quiver.functions.sdk.CloudEventAttributes;
import dev.quiver.functions.sdk.CloudEvents;
import dev.quiver.functions.sdk.QuiverException;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The link manager of the seed (Hands-On Microservices with Kubernetes, chapter 9), simplified: its NATS trigger
 * on {@code link-results} delivers each link checker result as a CloudEvent, and the latest status per user and
 * URL is kept. {@code GET /} lists them (see {@link LinkRoutes}).
 */
public class LinkManager {

    @Inject
    LinkBook book;

    @Inject
    CloudEvents events;

    /** Records one result; a result that is not {@code {Username, Url, Status}} is a 400 (and is dead-lettered). */
    @Funq("link-manager")
    public LinkEntry record(LinkResult result) {
        if (result == null || isBlank(result.username()) || isBlank(result.url()) || isBlank(result.status())) {
            throw QuiverException.badRequest("expected a link result {\"Username\": \"...\", \"Url\": \"...\", "
                    + "\"Status\": \"valid|invalid\"}, got " + result);
        }
        String status = result.status().strip().toLowerCase(Locale.ROOT);
        if (!LinkBook.STATUSES.contains(status)) {
            throw QuiverException.badRequest("Status must be one of pending, valid, invalid; got '" + result.status() + "'");
        }
        Optional<CloudEventAttributes> event = events.current();
        Instant at = event.flatMap(CloudEventAttributes::timestamp).orElseGet(Instant::now);
        return book.record(new LinkEntry(result.username(), result.url(), status, at,
                event.map(CloudEventAttributes::id).orElse(null)));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
