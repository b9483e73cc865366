package dev.quiver.functions.linkchecker;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The result, answered to the caller and published on NATS: {@code {"Username", "Url", "Status"}}.
 *
 * @param username whose link it is
 * @param url the link that was checked
 * @param status valid or invalid
 */
public record LinkChecked(
        @JsonProperty("Username") String username,
        @JsonProperty("Url") String url,
        @JsonProperty("Status") LinkStatus status) {
}
