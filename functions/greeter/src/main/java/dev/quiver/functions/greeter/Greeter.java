package dev.quiver.functions.greeter;

import dev.quiver.functions.sdk.QuiverException;
import io.quarkus.funqy.Funq;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Greets with the word configured in {@code function.yaml} ({@code GREETING}), the twelve-factor way. Setting
 * {@code FAIL_EVERY} makes every n-th call answer 500, a bad revision that differs only by configuration (the
 * rollout scenarios and bench use it to watch a canary roll back).
 * One instance serves every call, so that the calls counted for {@code FAIL_EVERY} are all of them.
 */
@Singleton
public class Greeter {

    @ConfigProperty(name = "greeter.greeting")
    String greeting;

    @ConfigProperty(name = "greeter.fail-every", defaultValue = "0")
    long failEvery;

    private FailEvery faults;

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

    @PostConstruct
    void countFaults() {
        faults = new FailEvery(failEvery);
    }

    /** Greets {@code name} with the configured greeting; fails every {@code FAIL_EVERY}-th call when it is set. */
    @Funq
    public Greeting greet(Input input) {
        if (faults.failsNext()) {
            throw new QuiverException(500, "injected", "FAIL_EVERY=" + failEvery + ": this call fails on purpose");
        }
        String name = input == null || input.getName() == null || input.getName().isBlank() ? "world" : input.getName();
        return new Greeting(greeting + ", " + name + "!", greeting);
    }
}
