package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** HTTP invocation of a function through the gateway. */
@ValidationRule(value = "!has(self.auth) || self.auth != 'ApiKey' || has(self.apiKeySecret)",
        message = "http.auth ApiKey needs http.apiKeySecret")
public class HttpTrigger extends ApiValue {

    /** Default of {@link #auth}, an {@link HttpAuth} name. */
    public static final String DEFAULT_AUTH = "None";

    /** Who may invoke the function. */
    @JsonPropertyDescription("None: anyone who reaches the gateway. ApiKey: requests need 'Authorization: Bearer <key>' "
            + "with the key stored in apiKeySecret.")
    @Default(DEFAULT_AUTH)
    public HttpAuth auth;

    /** The Secret key holding the API key. */
    @JsonPropertyDescription("The key of a Secret in the Function's namespace that holds the API key (when auth is ApiKey).")
    public SecretKeySelector apiKeySecret;

    /** The authentication mode, defaulted. */
    public HttpAuth authOrDefault() {
        return auth == null ? HttpAuth.valueOf(DEFAULT_AUTH) : auth;
    }
}
