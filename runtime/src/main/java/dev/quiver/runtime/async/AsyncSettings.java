package dev.quiver.runtime.async;

import java.time.Duration;

/**
 * How asynchronous invocations are kept, retried and delivered.
 *
 * @param maxAttempts       calls of the function before an invocation counts as failed (at least 1)
 * @param initialBackoff    wait before the second attempt; it doubles for each further one
 * @param maxBackoff        the longest wait between attempts
 * @param concurrency       invocations one runtime runs at the same time (the consumer's max ack pending)
 * @param retention         how long requests and status records are kept
 * @param callbackAttempts  POSTs to the callback URL before its delivery counts as failed
 * @param ackWait           how long a worker may go silent before another one takes its invocation over; a
 *                          running invocation tells the server it is alive three times per period
 * @param maxRequestBytes   the largest body accepted for an asynchronous request
 */
public record AsyncSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int concurrency,
        Duration retention, int callbackAttempts, Duration ackWait, long maxRequestBytes) {

    /** Checks the bounds. */
    public AsyncSettings {
        if (maxAttempts < 1 || concurrency < 1 || callbackAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts, concurrency and callbackAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and maxBackoff at least initialBackoff");
        }
        if (retention.isNegative() || retention.isZero() || ackWait.toMillis() < 300) {
            throw new IllegalArgumentException("retention must be positive and ackWait at least 300 ms");
        }
    }

    /** The defaults: 5 attempts, 1 s backoff doubling up to 1 min, 64 at a time, kept 24 h, 3 callback POSTs. */
    public static AsyncSettings defaults() {
        return new AsyncSettings(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 64, Duration.ofHours(24), 3,
                Duration.ofSeconds(30), 1024 * 1024 - 64 * 1024);
    }

    /**
     * The wait before the next attempt after a failed one.
     *
     * @param failedAttempt the number of the attempt that failed, from 1
     * @return {@code initialBackoff · 2^(failedAttempt-1)}, at most {@code maxBackoff}
     */
    public Duration backoff(int failedAttempt) {
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
        long millis = initialBackoff.toMillis() << doublings;
        return millis < 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }

    /**
     * The largest function answer a status record keeps, as it is stored (its headers and its body as JSON text,
     * or Base64 for a binary body): the same as the request limit, since both must fit NATS's 1 MiB message with
     * room for the rest of the record. A larger answer is recorded as a 502 {@code ResultTooLarge}.
     */
    public long maxResultBytes() {
        return maxRequestBytes;
    }

    /** These settings with another number of attempts. */
    public AsyncSettings withMaxAttempts(int value) {
        return new AsyncSettings(value, initialBackoff, maxBackoff, concurrency, retention, callbackAttempts, ackWait,
                maxRequestBytes);
    }

    /** These settings with another backoff. */
    public AsyncSettings withBackoff(Duration initial, Duration max) {
        return new AsyncSettings(maxAttempts, initial, max, concurrency, retention, callbackAttempts, ackWait,
                maxRequestBytes);
    }
}
