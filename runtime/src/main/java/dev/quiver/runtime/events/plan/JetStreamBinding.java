package dev.quiver.runtime.events.plan;

import java.time.Duration;
import java.util.List;

/**
 * One JetStream durable pull consumer a function asks for, every default applied.
 *
 * @param namespace         the function's namespace
 * @param function          the function's name
 * @param index             its position in {@code triggers.jetstream}
 * @param stream            the stream consumed
 * @param subject           the consumer's filter subject
 * @param createStream      whether the stream is created when it is missing
 * @param durable           the durable consumer's name
 * @param maxDeliver        attempts before the message is dead-lettered
 * @param ackWait           how long a delivery may stay unacknowledged (extended while the function works)
 * @param backoff           delays before the redelivery after the 1st, 2nd … failure; the last repeats
 * @param deadLetterSubject where a message goes after its last attempt
 * @param maxAckPending     most messages in flight at once
 * @param timeout           longest time one invocation may take
 */
public record JetStreamBinding(String namespace, String function, int index, String stream, String subject,
        boolean createStream, String durable, int maxDeliver, Duration ackWait, List<Duration> backoff,
        String deadLetterSubject, int maxAckPending, Duration timeout) {

    public JetStreamBinding {
        backoff = List.copyOf(backoff);
        if (backoff.isEmpty()) {
            throw new IllegalArgumentException("backoff must name at least one delay");
        }
    }

    /** The delay before redelivering after a failure of delivery number {@code attempt} (1 = the first). */
    public Duration backoffAfter(long attempt) {
        int index = (int) Math.min(Math.max(attempt, 1), backoff.size()) - 1;
        return backoff.get(index);
    }

    /** Whether a failure of delivery number {@code attempt} was the last one allowed. */
    public boolean lastAttempt(long attempt) {
        return attempt >= maxDeliver;
    }
}
