package dev.quiver.runtime.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a gateway lets request bodies take while it reads and holds them: a deadline for the whole body to arrive
 * (a client that trickles it, as in slowloris, is answered 408 and cut off), and a bound on the bytes of bodies held
 * at once by all requests together (past it, new bytes are refused with 503 {@code Overloaded}, so that many large
 * uploads cannot exhaust the heap). Shared by every event loop; the count is one atomic.
 */
public final class BodyBudget {

    private final Duration readTimeout;
    private final long maxBufferedBytes;
    private final AtomicLong buffered = new AtomicLong();

    /**
     * @param readTimeout      how long a request's body may take to arrive whole
     * @param maxBufferedBytes the bytes of request bodies held at once, all requests together
     */
    public BodyBudget(Duration readTimeout, long maxBufferedBytes) {
        this.readTimeout = readTimeout;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /** How long a request's body may take to arrive whole. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** The bytes of request bodies held at once, all requests together. */
    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /** Takes room for bytes of a body; false, taking nothing, when that would pass the bound. */
    public boolean reserve(long bytes) {
        long now = buffered.addAndGet(bytes);
        if (now > maxBufferedBytes) {
            buffered.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Gives back room taken by {@link #reserve}. */
    public void release(long bytes) {
        if (bytes > 0) {
            buffered.addAndGet(-bytes);
        }
    }

    /** The bytes of bodies held now. */
    public long buffered() {
        return buffered.get();
    }
}
