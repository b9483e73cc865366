package dev.quiver.runtime.async;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a huge answer as fast as the reader takes it (chunked, with back-pressure), and tells whether the reader
 * took all of it or closed the connection first.
 */
public final class Flood {

    private static final Buffer CHUNK = Buffer.buffer("x".repeat(64 * 1024));

    /** Bytes handed to the connection so far. */
    public final AtomicLong written = new AtomicLong();
    /** Whether the whole answer was written. */
    public final AtomicBoolean finished = new AtomicBoolean();
    /** Whether the reader closed the connection before the end. */
    public final AtomicBoolean cutOff = new AtomicBoolean();
    private final long total;

    /** A flood of {@code total} bytes. */
    public Flood(long total) {
        this.total = total;
    }

    /** Starts writing the answer. */
    public void pour(HttpServerResponse response, int status, String contentType) {
        response.setStatusCode(status).setChunked(true).putHeader("content-type", contentType);
        response.closeHandler(closed -> cutOff.set(!finished.get()));
        response.exceptionHandler(failure -> cutOff.set(!finished.get()));
        more(response);
    }

    private void more(HttpServerResponse response) {
        while (!response.writeQueueFull() && !cutOff.get()) {
            if (written.get() >= total) {
                response.end().onSuccess(done -> finished.set(true));
                return;
            }
            response.write(CHUNK);
            written.addAndGet(CHUNK.length());
        }
        if (!cutOff.get()) {
            response.drainHandler(drained -> more(response));
        }
    }
}
