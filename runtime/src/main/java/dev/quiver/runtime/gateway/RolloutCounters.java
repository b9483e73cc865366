package dev.quiver.runtime.gateway;

import dev.quiver.api.RevisionCounts;
import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.runtime.platform.RevisionRef;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running totals a rollout is judged on, per revision, since this runtime started: users' HTTP requests (the
 * runtime's own calls for events, schedules and async invocations are left out), their 5xx replies and gateway
 * timeouts, a latency histogram in {@link LatencyBuckets}, and JetStream events with their dead letters. Lock-free
 * on the request path; {@link #snapshot()} copies them into {@link RevisionCounts} for a rollout driver.
 */
public final class RolloutCounters {

    private final ConcurrentHashMap<RevisionRef, Totals> totals = new ConcurrentHashMap<>();

    /** Records a user's request answered with {@code status} after {@code nanos}; a 504 is a timeout. */
    public void request(RevisionRef revision, int status, long nanos) {
        Totals t = totals.computeIfAbsent(revision, r -> new Totals());
        t.requests.increment();
        if (status == 504) {
            t.timeouts.increment();
        } else if (status >= 500) {
            t.errors.increment();
        }
        t.latency.incrementAndGet(LatencyBuckets.index(nanos));
    }

    /** Records an event the revision handled to the end: acknowledged, or dead-lettered. */
    public void event(RevisionRef revision, boolean deadLettered) {
        Totals t = totals.computeIfAbsent(revision, r -> new Totals());
        t.events.increment();
        if (deadLettered) {
            t.deadLetters.increment();
        }
    }

    /** The totals of every revision counted so far. */
    public Map<RevisionRef, RevisionCounts> snapshot() {
        Map<RevisionRef, RevisionCounts> copy = new HashMap<>();
        totals.forEach((revision, t) -> copy.put(revision, t.counts()));
        return copy;
    }

    /** The totals of one function's revisions, by revision name. */
    public Map<String, RevisionCounts> of(String namespace, String function) {
        Map<String, RevisionCounts> copy = new HashMap<>();
        totals.forEach((revision, t) -> {
            if (revision.namespace().equals(namespace) && revision.function().equals(function)) {
                copy.put(revision.revision(), t.counts());
            }
        });
        return copy;
    }

    private static final class Totals {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder events = new LongAdder();
        final LongAdder deadLetters = new LongAdder();
        final AtomicLongArray latency = new AtomicLongArray(LatencyBuckets.COUNT);

        RevisionCounts counts() {
            long[] buckets = new long[LatencyBuckets.COUNT];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = latency.get(i);
            }
            // Read the parts before the total so that a concurrent request never makes a part exceed it.
            long err = errors.sum();
            long out = timeouts.sum();
            long dead = deadLetters.sum();
            return RevisionCounts.of(Math.max(requests.sum(), err + out), err, out, Math.max(events.sum(), dead), dead, buckets);
        }
    }
}
