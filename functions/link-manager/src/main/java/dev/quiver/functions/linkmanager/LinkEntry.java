package dev.quiver.functions.linkmanager;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What the link manager knows about one user's link: its latest status, when it was checked, and the event that
 * said so.
 *
 * @param username whose link it is
 * @param url the link
 * @param status {@code pending}, {@code valid} or {@code invalid}
 * @param updatedAt when the result was produced (the event's {@code ce-time}, else when it arrived)
 * @param eventId the CloudEvent id of the result, or null when it came as a plain HTTP call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkEntry(
        @JsonProperty("Username") String username,
        @JsonProperty("Url") String url,
        @JsonProperty("Status") String status,
        @JsonProperty("UpdatedAt") Instant updatedAt,
        @JsonProperty("EventId") String eventId) {
}
