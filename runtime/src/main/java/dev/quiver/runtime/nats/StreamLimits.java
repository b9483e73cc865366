package dev.quiver.runtime.nats;

import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;

/**
 * Limits every JetStream stream the runtime creates gets ({@code quiver.nats.streams.*}), so that no trigger,
 * dead-letter queue or store of asynchronous requests can fill the server's disk. A full stream refuses new
 * messages ({@link DiscardPolicy#New}): the publisher gets an error it can retry or report, where dropping the
 * oldest messages would lose events without anyone being told.
 *
 * @param maxAge     how long a message is kept
 * @param maxBytes   the most bytes a stream holds
 * @param maxMsgs    the most messages a stream holds
 * @param maxMsgSize the largest message
 */
public record StreamLimits(Duration maxAge, long maxBytes, long maxMsgs, int maxMsgSize) {

    /** The defaults: 7 days, 1 GiB, a million messages, 1 MiB each (NATS's default message limit). */
    public static final StreamLimits DEFAULTS = new StreamLimits(Duration.ofDays(7), 1L << 30, 1_000_000, 1 << 20);

    /** Checks the bounds. */
    public StreamLimits {
        if (maxAge.isNegative() || maxAge.isZero() || maxBytes < 1 || maxMsgs < 1 || maxMsgSize < 1) {
            throw new IllegalArgumentException("stream limits must be positive: " + maxAge + ", " + maxBytes
                    + " bytes, " + maxMsgs + " messages, " + maxMsgSize + " bytes a message");
        }
    }

    /** Sets the limits and the discard policy on a stream's configuration. */
    public StreamConfiguration.Builder applyTo(StreamConfiguration.Builder stream) {
        return stream.maxAge(maxAge).maxBytes(maxBytes).maxMessages(maxMsgs).maximumMessageSize(maxMsgSize)
                .discardPolicy(DiscardPolicy.New);
    }
}
