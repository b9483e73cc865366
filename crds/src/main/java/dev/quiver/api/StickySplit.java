package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Keeps one user on one revision of a weighted split: the gateway hashes the value of a cookie or a header into the
 * split instead of drawing at random, so the same value always reaches the same revision, and a canary that grows
 * keeps the users it already has. Like Istio's consistent hash by cookie or header, or Flagger's session affinity.
 */
@ValidationRule(value = "has(self.cookie) != has(self.header)",
        message = "sticky names exactly one of cookie or header")
public class StickySplit extends ApiValue {

    /** RFC 6265 cookie names and RFC 9110 field names are both HTTP tokens. */
    static final String TOKEN = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$";

    /** The cookie whose value places a user in the split. */
    @JsonPropertyDescription("Name of the cookie whose value keeps a user on one revision (an HTTP token, e.g. "
            + "quiver-split). A request without it is placed at random by weight, and the reply sets the cookie "
            + "(HttpOnly, SameSite=Lax, Path=/fn/<name>) so that the user's next requests stay there.")
    @Pattern(TOKEN)
    @Size(max = 128)
    public String cookie;

    /** The header whose value places a caller in the split. */
    @JsonPropertyDescription("Name of the request header whose value keeps a caller on one revision (an HTTP token, "
            + "e.g. x-user-id). A request without it is placed at random by weight.")
    @Pattern(TOKEN)
    @Size(max = 128)
    public String header;

    /** Stickiness by a cookie. */
    public static StickySplit byCookie(String name) {
        StickySplit sticky = new StickySplit();
        sticky.cookie = name;
        return sticky;
    }

    /** Stickiness by a header. */
    public static StickySplit byHeader(String name) {
        StickySplit sticky = new StickySplit();
        sticky.header = name;
        return sticky;
    }
}
