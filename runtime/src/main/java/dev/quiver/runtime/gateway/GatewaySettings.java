package dev.quiver.runtime.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The gateway's configuration, {@code quiver.gateway.*}; the port is Quarkus's {@code quarkus.http.port}.
 */
@ConfigMapping(prefix = "quiver.gateway")
public interface GatewaySettings {

    /** Largest request body in bytes (413 above it); 6 MiB by default. */
    @WithDefault("6291456")
    long maxBodyBytes();

    /**
     * Requests that may wait per revision, for a free slot or while it wakes, and per replica for a pooled
     * connection (503 {@code Overloaded} above it, at once).
     */
    @WithDefault("1000")
    int queueLimit();

    /** How long a request is held while its revision has no ready replica (503 after it). */
    @WithDefault("60s")
    Duration coldStartTimeout();

    /** The {@code Retry-After} value, seconds, of 503 replies. */
    @WithDefault("1")
    int retryAfterSeconds();

    /** Pooled keep-alive connections per replica. */
    @WithDefault("256")
    int maxConnectionsPerEndpoint();

    /** Extra attempts on another replica when a connection to one is refused. */
    @WithDefault("2")
    int connectRetries();

    /**
     * Longest request target (path and query), characters: 414 JSON above it. Keep it below
     * {@code quarkus.http.limits.max-initial-line-length}, whose own 414 has no body.
     */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * Largest header block, bytes: 431 JSON above it. Keep it below {@code quarkus.http.limits.max-header-size},
     * whose own 431 has no body.
     */
    @WithDefault("20480")
    int maxHeaderBytes();

    /**
     * How long a request's body may take to arrive whole: 408 JSON after it, and the connection is closed (a
     * client that trickles its body, as in slowloris, holds nothing for longer).
     */
    @WithDefault("30s")
    Duration bodyReadTimeout();

    /**
     * Bytes of request bodies the gateway holds at once, all requests together: a request whose body would pass
     * it gets 503 {@code Overloaded} with {@code Retry-After}. Unset: a quarter of the heap.
     */
    OptionalLong maxBufferedBytes();

    /** The limits on request targets and headers. */
    default RequestLimits requestLimits() {
        return new RequestLimits(maxUriLength(), maxHeaderBytes());
    }

    /** These settings as the gateway takes them. */
    default GatewayConfig toConfig() {
        return new GatewayConfig(maxBodyBytes(), queueLimit(), coldStartTimeout(), retryAfterSeconds(),
                maxConnectionsPerEndpoint(), connectRetries(), bodyReadTimeout(),
                maxBufferedBytes().orElse(GatewayConfig.defaultMaxBufferedBytes(maxBodyBytes())));
    }
}
