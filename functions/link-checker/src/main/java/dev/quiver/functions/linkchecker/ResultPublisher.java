package dev.quiver.functions.linkchecker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.functions.sdk.QuiverException;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes each result as JSON on NATS when {@code NATS_URL} is set (subject {@code NATS_SUBJECT}, default
 * {@value #DEFAULT_SUBJECT}), for the link manager to pick up. Without {@code NATS_URL} the function still
 * answers the caller and publishes nothing, so it runs on a laptop with no NATS.
 *
 * <p>The connection is made on the first result, not at start-up, which is on the cold path.
 *
 * <p>A 200 means the server has the result: the JetStream trigger retries a check whose result was not published
 * (500). The publish itself is fire-and-forget; the confirmation is one {@link SharedFlush} shared by all
 * concurrent calls, not a flush per call (those exceeded the client's outstanding pings under load).
 *
 * <p>A result of an event carries {@value #MSG_ID_HEADER} {@code link-checker:<event id>} and
 * {@value #CAUSE_HEADER} {@code <event id>}: JetStream drops a second copy with the same message id (within the
 * stream's duplicate window) when the results are captured by a stream, and a subscriber can tell which event
 * caused which result.
 */
@ApplicationScoped
public class ResultPublisher {

    /** The subject results go to unless {@code NATS_SUBJECT} says otherwise (the seed does not name one). */
    public static final String DEFAULT_SUBJECT = "link-results";

    /** JetStream's de-duplication header. */
    public static final String MSG_ID_HEADER = "Nats-Msg-Id";
    /** The id of the event a result answers. */
    public static final String CAUSE_HEADER = "Quiver-Cause-Id";

    private static final Logger LOG = Logger.getLogger(ResultPublisher.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Optional<String> natsUrl;
    private final String subject;
    private final ObjectMapper json;
    private final SharedFlush flush;
    private Connection connection;

    ResultPublisher(@ConfigProperty(name = "nats.url") Optional<String> natsUrl,
            @ConfigProperty(name = "nats.subject", defaultValue = DEFAULT_SUBJECT) String subject,
            @ConfigProperty(name = "nats.publish-timeout", defaultValue = "5s") Duration publishTimeout,
            ObjectMapper json) {
        this.natsUrl = natsUrl.filter(url -> !url.isBlank());
        this.subject = subject;
        this.json = json;
        this.flush = new SharedFlush(publishTimeout);
    }

    /** Whether results are published at all. */
    public boolean enabled() {
        return natsUrl.isPresent();
    }

    /**
     * Publishes the result and waits until the server has it, so that a 200 means the result was delivered.
     *
     * @param eventId the CloudEvent id of the event that asked for the check; empty for a plain HTTP call
     * @throws QuiverException 500, as in the seed, when NATS cannot be reached
     */
    public void publish(LinkChecked result, Optional<String> eventId) {
        if (natsUrl.isEmpty()) {
            return;
        }
        try {
            Connection nats = connection();
            Headers headers = new Headers();
            eventId.ifPresent(id -> headers.add(MSG_ID_HEADER, "link-checker:" + id).add(CAUSE_HEADER, id));
            nats.publish(subject, headers.isEmpty() ? null : headers, json.writeValueAsBytes(result));
            flush.await(nats);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + result, e);
        } catch (IOException | TimeoutException e) {
            throw new QuiverException(500, "PublishFailed", "the link was checked (" + result.status().wire()
                    + ") but the result could not be published to NATS at " + natsUrl.get() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuiverException(500, "PublishFailed", "interrupted while publishing to NATS");
        }
    }

    private synchronized Connection connection() throws IOException, InterruptedException {
        if (connection == null || connection.getStatus() == Connection.Status.CLOSED) {
            Options options = new Options.Builder()
                    .server(natsUrl.get())
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .connectionName("link-checker")
                    .build();
            connection = Nats.connect(options);
            LOG.infof("publishing link results to NATS subject %s at %s", subject, natsUrl.get());
        }
        return connection;
    }

    synchronized void close(@Observes ShutdownEvent event) throws InterruptedException {
        flush.close();
        if (connection != null) {
            connection.close();
        }
    }
}
