package dev.quiver.cli.nats;

import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;
import dev.quiver.nats.NatsAccess;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One short-lived NATS connection for {@code quiver publish}: core publish, JetStream publish with its
 * acknowledgement, and request/reply. Every failure becomes a {@link CliException} that says what to do.
 */
public final class NatsPublisher implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Where JetStream stored a message.
     *
     * @param stream    the stream's name
     * @param sequence  the message's sequence number in it
     * @param duplicate whether the stream already had a message with the same {@code Nats-Msg-Id}
     */
    public record Stored(String stream, long sequence, boolean duplicate) {
    }

    private final Connection connection;
    private final String url;

    private NatsPublisher(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    /** Connects once without credentials, without retrying. */
    public static NatsPublisher connect(String url) {
        return connect(url, NatsAccess.NONE);
    }

    /** Connects once with the credentials and TLS settings, without retrying: a command line should fail fast. */
    public static NatsPublisher connect(String url, NatsAccess access) {
        Options.Builder builder;
        try {
            builder = access.applyTo(new Options.Builder());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        Options options;
        try {
            options = builder
                    .server(url)
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .maxReconnects(0)
                    .connectionName("quiver-cli")
                    .errorListener(new ErrorListener() { })
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--nats-url must be a NATS URL such as nats://127.0.0.1:4222, got '"
                    + url + "'");
        }
        try {
            return new NatsPublisher(Nats.connect(options), url);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Authorization Violation")) {
                throw new CliException(ExitCodes.FAILED, "the NATS server at " + url + " refused to let us in ("
                        + access.describe() + "): pass --nats-creds, --nats-nkey or --nats-user with NATS_PASSWORD, "
                        + "or NATS_TOKEN");
            }
            throw new CliException(ExitCodes.NOT_RUNNING, "no NATS server at " + url
                    + ": start one with ./quiver dev (it runs nats-server) or pass --nats-url (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }

    /** Publishes on core NATS (at most once) and waits until the server has the message. */
    public void publish(Publication publication) {
        connection.publish(message(publication));
        try {
            connection.flush(FLUSH_TIMEOUT);
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.FAILED, "the NATS server at " + url + " did not confirm the message within "
                    + FLUSH_TIMEOUT.toSeconds() + "s; it may not have been published");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }

    /** Publishes to JetStream and returns where the stream stored the message. */
    public Stored publishToStream(Publication publication, Duration timeout) {
        try {
            PublishAck ack = connection.jetStream(JetStreamOptions.builder().requestTimeout(timeout).build())
                    .publish(message(publication));
            return new Stored(ack.getStream(), ack.getSeqno(), ack.isDuplicate());
        } catch (JetStreamApiException e) {
            throw new CliException(ExitCodes.FAILED, "JetStream refused the message on " + publication.subject() + ": "
                    + e.getErrorDescription() + " (error " + e.getApiErrorCode() + ")");
        } catch (IOException e) {
            // No responders, or no answer in time: no stream captures the subject, or JetStream is off.
            throw new CliException(ExitCodes.FAILED, "no JetStream stream stored the message on " + publication.subject()
                    + " within " + timeout.toMillis() + " ms: is there a stream that captures it (a function with a "
                    + "jetstream trigger and createStream: true makes one)? Without --jetstream the message goes out "
                    + "on core NATS (" + e.getMessage() + ")");
        }
    }

    /** Sends a request and returns the reply's data as text. */
    public String request(Publication publication, Duration timeout) {
        try {
            Message reply = connection.requestWithTimeout(message(publication), timeout)
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new String(reply.getData(), StandardCharsets.UTF_8);
        } catch (CancellationException e) {
            throw noReply(publication, timeout, "nothing subscribes to it");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException) {
                throw noReply(publication, timeout, "nothing subscribes to it");
            }
            throw noReply(publication, timeout, cause instanceof TimeoutException ? "timed out" : String.valueOf(cause));
        } catch (TimeoutException e) {
            throw noReply(publication, timeout, "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }

    private static CliException noReply(Publication publication, Duration timeout, String why) {
        return new CliException(ExitCodes.FAILED, "no reply on " + publication.subject() + " within "
                + timeout.toMillis() + " ms: " + why);
    }

    private static Message message(Publication publication) {
        Headers headers = new Headers();
        publication.headers().forEach(headers::add);
        return NatsMessage.builder()
                .subject(publication.subject())
                .headers(headers.isEmpty() ? null : headers)
                .data(publication.data())
                .build();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
