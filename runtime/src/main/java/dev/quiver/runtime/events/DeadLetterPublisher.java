package dev.quiver.runtime.events;

import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes one consumer's dead letters and says how far their delivery was confirmed; the consumer settles the
 * original only after that.
 *
 * <p>A dead letter is published with JetStream and its PubAck awaited ({@link Outcome#STORED}). When no stream
 * answers (no responders, or no PubAck within {@link #TIMEOUT}: a core subscriber listens on the subject, but no
 * stream keeps it), the letter is not published again: a JetStream publish is a core publish with a reply subject,
 * so every core subscriber already has it, and a second publish would hand them a duplicate. Instead a flush
 * confirms the server took that publish ({@link Outcome#CORE_ONLY}); the consumer then terminates the original, so
 * that it never loops through the function and the dead-letter subject again. This is logged once as a WARN: such
 * dead letters are kept by nobody unless a subscriber happens to listen. Any other failure (NATS down, a stream
 * refusing the letter) fails the returned future and the original comes back later.
 */
final class DeadLetterPublisher {

    /** How long a PubAck, and then the confirming flush, may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    /** How far a dead letter's delivery was confirmed. */
    enum Outcome {
        /** A stream stored it (PubAck received). */
        STORED,
        /** No stream keeps the subject; the server took it for core subscribers only. */
        CORE_ONLY
    }

    private final Connection connection;
    private final Executor blocking;
    private final String consumer;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param blocking where the confirming flush waits (never a jnats dispatcher or timer thread)
     * @param consumer the durable's name, for the log
     */
    DeadLetterPublisher(Connection connection, Executor blocking, String consumer) {
        this.connection = connection;
        this.blocking = blocking;
        this.consumer = consumer;
    }

    /** Publishes the letter; the future fails when its delivery could not be confirmed at all. */
    CompletableFuture<Outcome> publish(NatsMessage letter) {
        CompletableFuture<?> pubAck;
        try {
            pubAck = connection.jetStream().publishAsync(letter);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return pubAck.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handleAsync((ack, error) -> {
            if (error == null) {
                return Outcome.STORED;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!noStreamAnswered(cause)) {
                throw new CompletionException(cause);
            }
            confirmTaken(letter.getSubject(), cause);
            return Outcome.CORE_ONLY;
        }, blocking);
    }

    private void confirmTaken(String subject, Throwable noAck) {
        try {
            connection.flush(TIMEOUT);
        } catch (TimeoutException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warnf("%s: no JetStream stream keeps the dead-letter subject %s (%s); its dead letters go to core NATS"
                    + " subscribers only and the originals are terminated. Create a stream for %s to keep them.",
                    consumer, subject, describe(noAck), subject);
        }
    }

    private static String describe(Throwable noAck) {
        if (noAck instanceof TimeoutException || noAck instanceof CancellationException) {
            return "no PubAck within " + TIMEOUT.toSeconds() + "s";
        }
        return noAck.getMessage();
    }

    /** A timeout, a cancelled request or a 503: no stream took the subject (a stream that refuses says why). */
    static boolean noStreamAnswered(Throwable error) {
        if (error instanceof TimeoutException || error instanceof CancellationException) {
            return true;
        }
        if (error instanceof JetStreamStatusException status && status.getStatus() != null
                && status.getStatus().getCode() == 503) {
            return true;
        }
        String text = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        return text.contains("503") || text.contains("no responders");
    }
}
