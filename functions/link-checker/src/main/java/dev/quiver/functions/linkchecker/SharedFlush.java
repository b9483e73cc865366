package dev.quiver.functions.linkchecker;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Confirms that the server has what was published, with one flush at a time however many requests wait. A caller
 * joins the next flush to start; that flush begins after the caller's publish, so its PONG covers it. One flush
 * answers every caller that joined it.
 *
 * <p>Why not a flush per request: every flush is a PING, and jnats drops the connection ("Max outstanding pings
 * reached") when more PINGs wait for their PONG than {@code maxPingsOut} (2), so 8 concurrent calls failed with
 * {@code PublishFailed} while NATS was healthy.
 */
final class SharedFlush implements AutoCloseable {

    private final Duration timeout;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "link-checker-nats-flush");
        thread.setDaemon(true);
        return thread;
    });
    /** The flush not started yet, which every caller now joins; null when nobody waits. */
    private CompletableFuture<Void> next;
    /** The connection the last caller published on (a closed one is replaced by a new one). */
    private Connection connection;
    private boolean running;

    SharedFlush(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Waits until the server has every message this thread published on the connection before calling.
     *
     * @throws TimeoutException when the server does not answer within the timeout (NATS down or reconnecting)
     */
    void await(Connection connection) throws TimeoutException, InterruptedException {
        CompletableFuture<Void> flushed;
        synchronized (this) {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            flushed = next;
            this.connection = connection;
            if (!running) {
                running = true;
                flusher.execute(this::flushRounds);
            }
        }
        try {
            // A caller may wait for the round in progress and then its own; each gives up after the timeout.
            flushed.get(2 * timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            TimeoutException timedOut = new TimeoutException(String.valueOf(e.getCause().getMessage()));
            timedOut.initCause(e.getCause());
            throw timedOut;
        }
    }

    /** Flushes until nobody waits: each round serves every caller that joined before it began. */
    private void flushRounds() {
        while (true) {
            CompletableFuture<Void> round;
            Connection current;
            synchronized (this) {
                round = next;
                current = connection;
                next = null;
                if (round == null) {
                    running = false;
                    return;
                }
            }
            try {
                current.flush(timeout);
                round.complete(null);
            } catch (InterruptedException e) {
                // closing: whoever joined later fails too rather than waiting for a flush that never comes
                round.completeExceptionally(e);
                synchronized (this) {
                    running = false;
                    if (next != null) {
                        next.completeExceptionally(e);
                        next = null;
                    }
                }
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                round.completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}
