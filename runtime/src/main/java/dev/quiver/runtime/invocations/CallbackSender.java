package dev.quiver.runtime.invocations;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Posts a finished invocation's status record as JSON to the caller's callback URL, trying a few times with a
 * doubling pause. A callback that keeps failing is recorded in the status record; it never fails the invocation.
 */
public final class CallbackSender implements AutoCloseable {

    /** Names the invocation in the callback request. */
    public static final String INVOCATION_HEADER = "X-Quiver-Invocation-Id";

    private final Vertx vertx;
    private final HttpClient client;
    private final int attempts;
    private final Duration firstPause;

    /**
     * A sender.
     *
     * @param attempts   POSTs before the delivery counts as failed
     * @param firstPause pause after the first failed POST; it doubles after each further one
     */
    public CallbackSender(Vertx vertx, int attempts, Duration firstPause) {
        this.vertx = vertx;
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000));
    }

    /** Delivers the record; the stage completes with the outcome, never exceptionally. */
    public CompletionStage<InvocationRecord.Callback> deliver(String url, InvocationRecord record) {
        CompletableFuture<InvocationRecord.Callback> outcome = new CompletableFuture<>();
        byte[] json;
        try {
            json = InvocationStore.JSON.writeValueAsBytes(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.FAILED, 0, null, e.getMessage()));
            return outcome;
        }
        attempt(url, record.id(), json, 1, outcome);
        return outcome;
    }

    private void attempt(String url, String id, byte[] json, int attempt,
            CompletableFuture<InvocationRecord.Callback> outcome) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setIdleTimeout(30_000)
                .putHeader("content-type", "application/json")
                .putHeader(INVOCATION_HEADER, id);
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(json)))
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(done -> {
                    Integer status = done.succeeded() ? done.result() : null;
                    if (status != null && status >= 200 && status < 300) {
                        outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.DELIVERED, attempt,
                                status, null));
                        return;
                    }
                    String error = status != null ? "the callback answered " + status
                            : "the callback could not be reached: " + done.cause().getMessage();
                    if (attempt >= attempts) {
                        outcome.complete(new InvocationRecord.Callback(InvocationRecord.Callback.FAILED, attempt,
                                status, error));
                        return;
                    }
                    long pause = Math.max(1, firstPause.toMillis() << (attempt - 1));
                    vertx.setTimer(pause, timer -> attempt(url, id, json, attempt + 1, outcome));
                });
    }

    @Override
    public void close() {
        client.close();
    }
}
