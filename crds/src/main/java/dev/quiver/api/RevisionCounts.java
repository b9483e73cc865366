package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.api.rollout.RevisionWindow;

import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway counted of one revision since it started counting: the running totals a rollout subtracts at a
 * step's start to get the step's {@link RevisionWindow}. Totals add up across runtime replicas (the latency is a
 * histogram with the fixed buckets of {@link LatencyBuckets}, which adds up where percentiles do not).
 */
public class RevisionCounts extends ApiValue {

    /** User HTTP requests answered or timed out. */
    @JsonPropertyDescription("HTTP requests from users answered (or timed out) by the gateway for this revision.")
    public long requests;

    /** Of those, 5xx responses. */
    @JsonPropertyDescription("Of those, responses with a 5xx status (gateway timeouts excluded).")
    public long errors;

    /** Of those, gateway timeouts. */
    @JsonPropertyDescription("Of those, requests the gateway timed out (504).")
    public long timeouts;

    /** Events handled to the end. */
    @JsonPropertyDescription("JetStream events this revision handled to the end: acknowledged or dead-lettered.")
    public long events;

    /** Of those, dead letters. */
    @JsonPropertyDescription("Of those, events that ended as dead letters.")
    public long deadLetters;

    /** The latency histogram. */
    @JsonPropertyDescription("Requests per latency bucket (not cumulative), in the fixed buckets of the runtime; "
            + "trailing empty buckets left out.")
    public List<Long> latency = new ArrayList<>();

    /** Counts of nothing. */
    public static RevisionCounts none() {
        return new RevisionCounts();
    }

    /** Counts with these totals and a histogram of per-bucket counts. */
    public static RevisionCounts of(long requests, long errors, long timeouts, long events, long deadLetters, long[] buckets) {
        RevisionCounts counts = new RevisionCounts();
        counts.requests = requests;
        counts.errors = errors;
        counts.timeouts = timeouts;
        counts.events = events;
        counts.deadLetters = deadLetters;
        counts.latency = LatencyBuckets.trimmed(buckets);
        return counts;
    }

    /** These counts and another's, added: what two runtime replicas saw together. */
    public RevisionCounts plus(RevisionCounts other) {
        return of(requests + other.requests, errors + other.errors, timeouts + other.timeouts, events + other.events,
                deadLetters + other.deadLetters, LatencyBuckets.add(buckets(), other.buckets()));
    }

    /**
     * What happened since {@code baseline} was taken. A count below its baseline means a runtime replica restarted
     * and began again from zero; then these counts are the window (the step loses what the replica counted
     * before, rather than judging negative numbers).
     */
    public RevisionWindow since(RevisionCounts baseline) {
        RevisionCounts base = baseline == null || isBelow(baseline) ? none() : baseline;
        long[] window = LatencyBuckets.subtract(buckets(), base.buckets());
        long req = requests - base.requests;
        long ev = events - base.events;
        // A baseline read while a failing request was counted but its failure not yet can leave more new failures
        // than new requests; the failures are capped together, so the window stays a valid one (every request failed).
        long err = Math.min(req, errors - base.errors);
        long out = Math.min(req - err, timeouts - base.timeouts);
        return new RevisionWindow(req, err, out, LatencyBuckets.p95Millis(window),
                Math.min(ev, deadLetters - base.deadLetters), ev);
    }

    private boolean isBelow(RevisionCounts baseline) {
        return requests < baseline.requests || errors < baseline.errors || timeouts < baseline.timeouts
                || events < baseline.events || deadLetters < baseline.deadLetters
                || LatencyBuckets.anyBelow(buckets(), baseline.buckets());
    }

    /** The histogram as an array, one entry per bucket. */
    public long[] buckets() {
        long[] buckets = new long[LatencyBuckets.COUNT];
        for (int i = 0; i < Math.min(buckets.length, latency == null ? 0 : latency.size()); i++) {
            Long value = latency.get(i);
            buckets[i] = value == null ? 0 : value;
        }
        return buckets;
    }
}
