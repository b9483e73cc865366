package dev.quiver.runtime.gateway;

import java.time.Duration;

/**
 * Limits of the gateway that do not come from a revision's own settings.
 *
 * @param maxBodyBytes        largest request body accepted (413 above it)
 * @param queueLimit          requests that may wait per revision, for a free slot or while it wakes (503 above it)
 * @param coldStartTimeout    how long a request is held while its revision has no ready replica (503 after it)
 * @param retryAfterSeconds   the {@code Retry-After} value sent with 503 replies
 * @param maxConnectionsPerEndpoint pooled keep-alive connections to one replica
 * @param connectRetries      extra attempts on another replica when a connection cannot be made (a replica
 *                            that just went away must not fail a request)
 * @param bodyReadTimeout     how long a request's body may take to arrive whole (408 after it)
 * @param maxBufferedBytes    bytes of request bodies the gateway holds at once, all requests together (503 past it)
 */
public record GatewayConfig(long maxBodyBytes, int queueLimit, Duration coldStartTimeout, int retryAfterSeconds,
        int maxConnectionsPerEndpoint, int connectRetries, Duration bodyReadTimeout, long maxBufferedBytes) {

    /** 6 MiB, the body limit of AWS Lambda's synchronous invocations. */
    public static final long DEFAULT_MAX_BODY_BYTES = 6L * 1024 * 1024;
    /** 30 s for a body to arrive whole, as nginx's {@code client_body_timeout} is 60 s between reads. */
    public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(30);

    /** Checks the bounds. */
    public GatewayConfig {
        if (maxBodyBytes < 0 || queueLimit < 0 || retryAfterSeconds < 0 || connectRetries < 0) {
            throw new IllegalArgumentException("gateway limits must not be negative");
        }
        if (maxConnectionsPerEndpoint < 1) {
            throw new IllegalArgumentException("maxConnectionsPerEndpoint must be at least 1");
        }
        if (coldStartTimeout == null || coldStartTimeout.isNegative() || coldStartTimeout.isZero()) {
            throw new IllegalArgumentException("coldStartTimeout must be positive");
        }
        if (bodyReadTimeout == null || bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
            throw new IllegalArgumentException("bodyReadTimeout must be positive");
        }
        if (maxBufferedBytes < maxBodyBytes) {
            throw new IllegalArgumentException("maxBufferedBytes must hold at least one body of maxBodyBytes");
        }
    }

    /**
     * The defaults: 6 MiB bodies, 1,000 waiting requests per revision, 60 s cold-start wait, 30 s for a body to
     * arrive, bodies held up to a quarter of the heap.
     */
    public static GatewayConfig defaults() {
        return new GatewayConfig(DEFAULT_MAX_BODY_BYTES, 1000, Duration.ofSeconds(60), 1, 256, 2,
                DEFAULT_BODY_READ_TIMEOUT, defaultMaxBufferedBytes(DEFAULT_MAX_BODY_BYTES));
    }

    /** A quarter of the heap, and never less than one body of the limit. */
    public static long defaultMaxBufferedBytes(long maxBodyBytes) {
        return Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 4);
    }

    /** The budget of request bodies these settings give. */
    public BodyBudget bodyBudget() {
        return new BodyBudget(bodyReadTimeout, maxBufferedBytes);
    }

    /** This config with another body limit. */
    public GatewayConfig withMaxBodyBytes(long value) {
        return new GatewayConfig(value, queueLimit, coldStartTimeout, retryAfterSeconds, maxConnectionsPerEndpoint,
                connectRetries, bodyReadTimeout, Math.max(value, maxBufferedBytes));
    }

    /** This config with another queue bound. */
    public GatewayConfig withQueueLimit(int value) {
        return new GatewayConfig(maxBodyBytes, value, coldStartTimeout, retryAfterSeconds, maxConnectionsPerEndpoint,
                connectRetries, bodyReadTimeout, maxBufferedBytes);
    }

    /** This config with another cold-start wait. */
    public GatewayConfig withColdStartTimeout(Duration value) {
        return new GatewayConfig(maxBodyBytes, queueLimit, value, retryAfterSeconds, maxConnectionsPerEndpoint,
                connectRetries, bodyReadTimeout, maxBufferedBytes);
    }

    /** This config with another deadline for bodies. */
    public GatewayConfig withBodyReadTimeout(Duration value) {
        return new GatewayConfig(maxBodyBytes, queueLimit, coldStartTimeout, retryAfterSeconds,
                maxConnectionsPerEndpoint, connectRetries, value, maxBufferedBytes);
    }

    /** This config with another bound on the bodies held at once. */
    public GatewayConfig withMaxBufferedBytes(long value) {
        return new GatewayConfig(maxBodyBytes, queueLimit, coldStartTimeout, retryAfterSeconds,
                maxConnectionsPerEndpoint, connectRetries, bodyReadTimeout, value);
    }

    /** This config with another pool of connections per replica. */
    public GatewayConfig withMaxConnectionsPerEndpoint(int value) {
        return new GatewayConfig(maxBodyBytes, queueLimit, coldStartTimeout, retryAfterSeconds, value,
                connectRetries, bodyReadTimeout, maxBufferedBytes);
    }
}
