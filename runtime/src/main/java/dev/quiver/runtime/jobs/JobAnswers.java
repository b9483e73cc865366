package dev.quiver.runtime.jobs;

import dev.quiver.runtime.invoke.InvocationResult;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a job's answer up to {@value #MAX_BYTES} bytes instead of whole: the answer is what a NATS request's
 * reply carries (NATS's 1 MiB message limit) and the job log keeps only its start, so more is never needed. Past
 * the limit the connection is closed, and the job's result becomes a 502 {@value #RESULT_TOO_LARGE}.
 */
public final class JobAnswers {

    /** The most bytes of a job's answer that are read. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** The error code of a job whose answer was longer. */
    public static final String RESULT_TOO_LARGE = InvocationResult.RESULT_TOO_LARGE;

    private JobAnswers() {
    }

    /**
     * A job's answer as read.
     *
     * @param bytes    the body, or its first {@code limit} bytes
     * @param exceeded whether the body was longer (the rest was not read)
     */
    public record Body(byte[] bytes, boolean exceeded) {
    }

    /** A body handler that reads at most {@code limit} bytes and then cancels the rest. */
    public static HttpResponse.BodyHandler<Body> handler(int limit) {
        return info -> new BoundedSubscriber(limit);
    }

    /** The result of a job whose answer was longer than {@value #MAX_BYTES}: 502 {@value #RESULT_TOO_LARGE}. */
    public static InvocationResult tooLarge(int answered, String revision, Duration duration, Integer exitCode) {
        return InvocationResult.tooLarge("the job", answered, MAX_BYTES, revision, duration, exitCode);
    }

    /** Collects the body's buffers until the limit, then cancels the subscription (closing the connection). */
    private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<Body> {

        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        BoundedSubscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = limit - out.size();
                if (buffer.remaining() > room) {
                    byte[] part = new byte[room];
                    buffer.get(part);
                    out.writeBytes(part);
                    result.complete(new Body(out.toByteArray(), true));
                    subscription.cancel();
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.writeBytes(bytes);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(new Body(out.toByteArray(), false));
        }
    }
}
