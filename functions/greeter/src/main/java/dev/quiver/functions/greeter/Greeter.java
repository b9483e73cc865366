package dev.quiver.functions.greeter;

import io.quarkus.funqy.Funq;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Greets with the word configured in {@code function.yaml} ({@code GREETING}), the twelve-factor way. */
public class Greeter {

    @ConfigProperty(name = "greeter.greeting")
    String greeting;

    /**
     * The answer.
     *
     * @param message {@code <GREETING>, <name>!}
     * @param greeting the configured greeting on its own
     */
    public record Greeting(String message, String greeting) {
    }

    /** Whom to greet: a bean with a setter, because Funqy fills GET input from query parameters that way. */
    public static class Input {

        private String name;

        /** Whom to greet; {@code world} when absent. */
        public String getName() {
            return name;
        }

        /** Sets whom to greet. */
        public void setName(String name) {
            this.name = name;
        }
    }

    /** Greets {@code name} with the configured greeting. */
    @Funq
    public Greeting greet(Input input) {
        String name = input == null || input.getName() == null || input.getName().isBlank() ? "world" : input.getName();
        return new Greeting(greeting + ", " + name + "!", greeting);
    }
}
