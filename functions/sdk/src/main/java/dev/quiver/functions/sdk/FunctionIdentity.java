package dev.quiver.functions.sdk;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which function and revision this process serves, as the runtime tells it through the environment
 * ({@code QUIVER_FUNCTION}, {@code QUIVER_REVISION}); both are empty when the app runs on its own.
 */
@ApplicationScoped
public class FunctionIdentity {

    private final String function;
    private final String revision;

    FunctionIdentity(@ConfigProperty(name = "quiver.function") Optional<String> function,
            @ConfigProperty(name = "quiver.revision") Optional<String> revision) {
        this.function = function.orElse(null);
        this.revision = revision.orElse(null);
    }

    /** The function's name, or null outside the runtime. */
    public String function() {
        return function;
    }

    /** The revision's name, or null outside the runtime. */
    public String revision() {
        return revision;
    }

    /** An error body stamped with this function and revision. */
    public ErrorBody error(int status, String error, String message) {
        return new ErrorBody(status, error, message, function, revision);
    }
}
