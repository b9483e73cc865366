package {{package}};

import dev.quiver.functions.sdk.QuiverException;
import io.quarkus.funqy.Funq;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The function: greets the {@code name} of the JSON it gets. */
public class Greet {

    /** Longest name accepted. */
    static final int MAX_NAME = 100;

    @ConfigProperty(name = "quiver.revision")
    Optional<String> revision;

    /**
     * The input.
     *
     * @param name whom to greet; {@code world} when missing
     */
    public record Person(String name) {
    }

    /**
     * The answer.
     *
     * @param greeting {@code Hello, <name>!}
     * @param revision the revision that served the call, or null outside Quiver
     */
    public record Greeting(String greeting, String revision) {
    }

    /** Answers {@code {"greeting": "Hello, <name>!"}}; Funqy serves it at {@code /greet} and the SDK at {@code /}. */
    @Funq
    public Greeting greet(Person person) {
        String name = person == null || person.name() == null || person.name().isBlank() ? "world" : person.name();
        if (name.length() > MAX_NAME) {
            // A 400 with a JSON body {"error": "BadRequest", "message": ...}, from the SDK.
            throw QuiverException.badRequest("name is " + name.length() + " characters; at most " + MAX_NAME);
        }
        return new Greeting("Hello, " + name + "!", revision.orElse(null));
    }
}
