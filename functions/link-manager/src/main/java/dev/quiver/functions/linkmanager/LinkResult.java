package dev.quiver.functions.linkmanager;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A result the link checker publishes on {@code link-results}: {@code {"Username", "Url", "Status"}}. Lower-case
 * keys are accepted too, as the seed's Go decoder would.
 *
 * @param username whose link it is
 * @param url the link that was checked
 * @param status {@code valid} or {@code invalid} ({@code pending} too, for a link not checked yet)
 */
public record LinkResult(
        @JsonProperty("Username") @JsonAlias("username") String username,
        @JsonProperty("Url") @JsonAlias("url") String url,
        @JsonProperty("Status") @JsonAlias("status") String status) {
}
