package dev.quiver.runtime.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Puts {@link JsonLogFormat} on the console when {@code quiver.log.format=json} (env {@code QUIVER_LOG_FORMAT}); else
 * the console keeps {@code quarkus.log.console.format}. Done on start-up, before the runtime's own start-up
 * (so only Quarkus' first lines are text): the {@code quarkus-logging-json} extension is not in our repository mirror
 * (docs/decisions.md).
 */
@Singleton
public class JsonLogging {

    /** The value of {@code quiver.log.format} that switches the console to JSON. */
    public static final String JSON = "json";

    void install(@Observes @Priority(1) StartupEvent event,
            @ConfigProperty(name = "quiver.log.format", defaultValue = "text") String format) {
        if (JSON.equalsIgnoreCase(format.trim())) {
            JsonLogFormat json = new JsonLogFormat();
            for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
                install(handler, json);
            }
        }
    }

    /** Sets the formatter on every console handler, looking inside Quarkus' delayed and async wrappers. */
    static void install(Handler handler, JsonLogFormat json) {
        if (handler instanceof ConsoleHandler console) {
            console.setFormatter(json);
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                install(nested, json);
            }
        }
    }
}
