package dev.quiver.runtime.invoke;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads an answer's body up to a limit instead of whole: past it the connection is closed, so a huge or endless
 * answer costs at most the limit in memory.
 */
public final class BoundedRead {

    private BoundedRead() {
    }

    /**
     * What was read.
     *
     * @param body     the body, or its first {@code limit} bytes when it was longer
     * @param exceeded whether the body was longer than the limit (the rest was not read)
     */
    public record Result(Buffer body, boolean exceeded) {
    }

    /** Reads the response's body; call it before the response delivers data (where {@code body()} would be). */
    public static Future<Result> of(HttpClientResponse response, long limit) {
        Promise<Result> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        response.exceptionHandler(promise::tryFail);
        response.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                body.appendBuffer(chunk, 0, (int) (limit - body.length()));
                promise.tryComplete(new Result(body, true));
                // stop the flow: on HTTP/1.1 this closes the connection rather than read what is not kept
                response.request().reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.endHandler(end -> promise.tryComplete(new Result(body, false)));
        return promise.future();
    }
}
