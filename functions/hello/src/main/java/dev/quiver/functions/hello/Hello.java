package dev.quiver.functions.hello;

import dev.quiver.functions.sdk.QuiverException;
import io.quarkus.funqy.Funq;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The echo sample: answers the JSON it gets with a greeting for its {@code name} and the revision that served
 * it, so a traffic split is visible in the responses.
 */
public class Hello {

    /** Longest simulated work, so that a typo cannot park a worker thread for hours. */
    static final long MAX_DELAY_MS = 30_000;

    private static final Logger LOG = Logger.getLogger(Hello.class);

    @ConfigProperty(name = "quiver.revision")
    Optional<String> revision;

    /**
     * The reply.
     *
     * @param greeting {@code Hello, <name>!}
     * @param echo the input, unchanged
     * @param revision the revision that served the call, or null outside the runtime
     */
    public record Reply(String greeting, HelloInput echo, String revision) {
    }

    /**
     * Greets {@code name} (default {@code world}) and echoes the input. An optional {@code delayMs} simulates
     * work, which lets tests and benchmarks hold a request in flight.
     */
    @Funq
    public Reply hello(HelloInput input) throws InterruptedException {
        HelloInput echo = input == null ? new HelloInput() : input;
        long delay = echo.getDelayMs() == null ? 0 : echo.getDelayMs();
        if (delay < 0 || delay > MAX_DELAY_MS) {
            throw QuiverException.badRequest("delayMs must be between 0 and " + MAX_DELAY_MS + ", got " + delay);
        }
        if (delay > 0) {
            LOG.infof("holding the request for %d ms", delay); // tells a watcher the request is in flight
            Thread.sleep(delay);
        }
        String name = echo.getName() == null || echo.getName().isBlank() ? "world" : echo.getName();
        return new Reply("Hello, " + name + "!", echo, revision.orElse(null));
    }
}
