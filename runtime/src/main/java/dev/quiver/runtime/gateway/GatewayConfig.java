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
 */
public record GatewayConfig(long maxBodyBytes, int queueLimit, Duration coldStartTimeout, int retryAfterSeconds,
        int maxConnectionsPerEndpoint, int connectRetries) {

    /** 6 MiB, the body limit of AWS Lambda's synchronous invocations. */
    public static final long DEFAULT_MAX_BODY_BYTES = 6L * 1024 * 1024;

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
    }

    /** The defaults: 6 MiB bodies, 1,000 waiting requests per revision, 60 s cold-start wait. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(DEFAULT_MAX_BODY_BYTES, 1000, Duration.ofSeconds(60), 1, 256, 2);
    }

    /** This config with another body limit. */
    public GatewayConfig withMaxBodyBytes(long value) {
        return new GatewayConfig(value, queueLimit, coldStartTimeout, retryAfterSeconds, maxConnectionsPerEndpoint,
                connectRetries);
    }

    /** This config with another queue bound. */
    public GatewayConfig withQueueLimit(int value) {
        return new GatewayConfig(maxBodyBytes, value, coldStartTimeout, retryAfterSeconds, maxConnectionsPerEndpoint,
                connectRetries);
    }

    /** This config with another cold-start wait. */
    public GatewayConfig withColdStartTimeout(Duration value) {
        return new GatewayConfig(maxBodyBytes, queueLimit, value, retryAfterSeconds, maxConnectionsPerEndpoint,
                connectRetries);
    }
}
