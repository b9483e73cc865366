package dev.quiver.functions.linkchecker;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The seed's request: {@code {"Username": "...", "Url": "..."}}. The lower-case keys are accepted too, as the
 * seed's Go decoder would.
 *
 * @param username whose link it is
 * @param url the link to check
 */
public record CheckLinkRequest(
        @JsonProperty("Username") @JsonAlias("username") String username,
        @JsonProperty("Url") @JsonAlias("url") String url) {
}
