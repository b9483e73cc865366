package {{package}};

import dev.quiver.functions.sdk.QuiverException;
import io.quarkus.funqy.Funq;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The function, run in Job mode: Quiver starts a process for each event (with {@code QUIVER_MODE=Job}), POSTs
 * the event to it, and the SDK exits the process once it has answered: 0 after a 2xx answer, 1 otherwise, so a
 * failed job is retried. Outside Job mode (tests, a plain run) it serves calls like any function.
 */
public class Job {

    private static final Logger LOG = Logger.getLogger(Job.class);

    @ConfigProperty(name = "quiver.revision")
    Optional<String> revision;

    /**
     * The event's data.
     *
     * @param name what the job works on
     */
    public record Task(String name) {
    }

    /**
     * The job's answer, which Quiver keeps as its result.
     *
     * @param message  what was done
     * @param revision the revision that ran the job, or null outside Quiver
     */
    public record Result(String message, String revision) {
    }

    /** Does the work of one event; a 400 (and exit status 1) when the event is not {@code {"name": "..."}}. */
    @Funq
    public Result run(Task task) {
        if (task == null || task.name() == null || task.name().isBlank()) {
            throw QuiverException.badRequest("the event must be {\"name\": \"...\"}");
        }
        LOG.infof("working on %s", task.name());
        return new Result("Done: " + task.name(), revision.orElse(null));
    }
}
