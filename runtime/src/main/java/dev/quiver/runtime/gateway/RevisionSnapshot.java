package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.RevisionRef;

/**
 * A copy of one revision's gateway counters at one moment, for readers outside the request path (the dashboard).
 * Read from the same lock-free counters the {@code /metrics} text is written from, without changing how they are
 * recorded; each counter is read on its own, so a snapshot taken under load may be a request apart between fields.
 *
 * @param revision         which revision
 * @param requests         every reply, any status
 * @param errors           replies with a 5xx status other than 504
 * @param timeouts         replies with status 504
 * @param latencyBuckets   replies per duration bucket (not cumulative), one more than {@link #bucketBounds()}: the
 *                         last counts replies slower than every bound
 * @param coldStarts       wakes from zero that ended with a ready replica
 * @param coldStartSeconds time from wake to ready, summed over cold starts
 * @param readyReplicas    ready replicas as the gateway sees them
 * @param inFlight         requests sent to the revision and not answered yet
 * @param queued           requests waiting for a slot or for the revision to wake
 */
public record RevisionSnapshot(RevisionRef revision, long requests, long errors, long timeouts, long[] latencyBuckets,
        long coldStarts, double coldStartSeconds, int readyReplicas, int inFlight, int queued) {

    /** Upper bounds of the latency buckets, in seconds, ascending (a copy). */
    public static double[] bucketBounds() {
        return RevisionMetrics.BUCKETS.clone();
    }

    /** Reads the gate's counters now. */
    static RevisionSnapshot of(RevisionGate gate) {
        RevisionMetrics metrics = gate.metrics;
        long requests = 0;
        long errors = 0;
        for (int code = 0; code < 600; code++) {
            long count = metrics.replies(code);
            requests += count;
            if (code >= 500 && code != 504) {
                errors += count;
            }
        }
        long[] buckets = new long[RevisionMetrics.BUCKETS.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = metrics.bucket(i);
        }
        return new RevisionSnapshot(gate.ref, requests, errors, metrics.replies(504), buckets, metrics.coldStarts(),
                metrics.coldStartSeconds(), gate.readyReplicas(), gate.inFlight(), gate.queued());
    }
}
