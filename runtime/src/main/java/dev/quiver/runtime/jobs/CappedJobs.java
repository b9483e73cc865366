package dev.quiver.runtime.jobs;

import dev.quiver.runtime.invoke.InvocationResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * At most a cap of jobs per function at once; the rest wait in a first-in first-out queue and start as running
 * ones end. The queue is bounded: past {@link #QUEUE_LIMIT}, a job is refused with a retryable result, so a
 * JetStream message is redelivered later rather than held in memory. Thread-safe.
 */
public final class CappedJobs {

    /** Jobs that may wait per function. */
    public static final int QUEUE_LIMIT = 10_000;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** One function's running count and queue; guarded by its own lock. */
    private static final class Lane {
        int running;
        final Deque<Waiting> waiting = new ArrayDeque<>();
    }

    private record Waiting(Supplier<CompletionStage<InvocationResult>> job, CompletableFuture<InvocationResult> result) {
    }

    /**
     * Runs the job now when fewer than {@code cap} of the function's jobs run, else once a slot frees up.
     *
     * @param function the function ({@code namespace/name})
     * @param cap      the most jobs of the function at once (at least 1)
     * @param job      starts the job; its stage completes when the job has ended
     * @return the job's result
     */
    public CompletionStage<InvocationResult> submit(String function, int cap, Supplier<CompletionStage<InvocationResult>> job) {
        Lane lane = lanes.computeIfAbsent(function, key -> new Lane());
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        synchronized (lane) {
            if (lane.running >= Math.max(1, cap)) {
                if (lane.waiting.size() >= QUEUE_LIMIT) {
                    return CompletableFuture.completedFuture(InvocationResult.failed(QUEUE_LIMIT + " jobs of "
                            + function + " already wait for one of its " + cap + " slots", Duration.ZERO));
                }
                lane.waiting.addLast(new Waiting(job, result));
                return result;
            }
            lane.running++;
        }
        start(lane, new Waiting(job, result));
        return result;
    }

    /** Jobs of the function running now (started and not yet ended). */
    public int running(String function) {
        Lane lane = lanes.get(function);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.running;
        }
    }

    /** Jobs of the function waiting for a slot. */
    public int waiting(String function) {
        Lane lane = lanes.get(function);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.waiting.size();
        }
    }

    private void start(Lane lane, Waiting next) {
        CompletionStage<InvocationResult> stage;
        try {
            stage = next.job().get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.completedFuture(InvocationResult.failed("the job could not start: " + e.getMessage(),
                    Duration.ZERO));
        }
        stage.whenComplete((done, failure) -> {
            // The slot passes to the next waiting job before the caller hears of this one's end.
            Waiting following;
            synchronized (lane) {
                following = lane.waiting.pollFirst();
                if (following == null) {
                    lane.running--;
                }
            }
            if (following != null) {
                start(lane, following);
            }
            next.result().complete(failure == null ? done
                    : InvocationResult.failed("the job failed: " + failure.getMessage(), Duration.ZERO));
        });
    }
}
