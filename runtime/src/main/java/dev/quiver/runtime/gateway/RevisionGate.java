package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.RevisionSettings;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Admission to one revision: its ready replicas, the requests in flight to each, and one bounded queue of
 * requests that wait, either for a free slot ({@code containerConcurrency} × ready replicas) or for a first
 * replica while the revision wakes from zero (the activator's hold). Event loops of every connection share it,
 * so its state sits behind the object's monitor; each critical section is a few field updates.
 */
final class RevisionGate {

    /** One ready replica and the requests in flight to it. */
    static final class Slot {
        final Endpoint endpoint;
        int inFlight;

        Slot(Endpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** What {@link #admit} decided. */
    enum Admission {
        /** A slot is taken: send the request now. */
        DISPATCH,
        /** Waits for a free slot. */
        QUEUED,
        /** Waits for the revision's first ready replica: wake it. */
        HELD,
        /** The queue is full. */
        REJECTED
    }

    private static final Slot[] NONE = new Slot[0];

    final RevisionRef ref;
    final RevisionMetrics metrics = new RevisionMetrics();
    private final int queueLimit;
    private volatile RevisionSettings settings;

    private Slot[] slots = NONE;
    private int inFlight;
    private int rotation;
    private final ArrayDeque<Exchange> queue = new ArrayDeque<>();
    /** When the activator woke the revision (System.nanoTime), 0 when it is not waking. */
    private long wokenAt;

    RevisionGate(RevisionSettings settings, List<Endpoint> endpoints, int queueLimit) {
        this.ref = settings.ref();
        this.settings = settings;
        this.queueLimit = queueLimit;
        updateEndpoints(endpoints);
    }

    RevisionSettings settings() {
        return settings;
    }

    void settings(RevisionSettings latest) {
        this.settings = latest;
    }

    /** Takes a slot for the request, or queues it, or refuses it. */
    synchronized Admission admit(Exchange exchange) {
        if (queue.isEmpty() && hasCapacity()) {
            take(exchange);
            return Admission.DISPATCH;
        }
        if (queue.size() >= queueLimit) {
            return Admission.REJECTED;
        }
        queue.addLast(exchange);
        if (slots.length == 0) {
            if (wokenAt == 0) {
                wokenAt = System.nanoTime() | 1; // never 0, which means "not waking"
            }
            return Admission.HELD;
        }
        return Admission.QUEUED;
    }

    /**
     * Gives back the request's slot, if it holds one.
     *
     * @return whether a slot was freed (the caller then dispatches waiting requests)
     */
    synchronized boolean release(Exchange exchange) {
        Slot slot = exchange.slot;
        if (slot == null) {
            return false;
        }
        exchange.slot = null;
        slot.inFlight--;
        inFlight--;
        return true;
    }

    /** Takes a waiting request out of the queue (timed out, or its client left); false if it was not there. */
    synchronized boolean withdraw(Exchange exchange) {
        return queue.remove(exchange);
    }

    /** The next waiting request that can go now, with a slot taken for it; null if none. */
    synchronized Exchange nextReady() {
        if (queue.isEmpty() || !hasCapacity()) {
            return null;
        }
        Exchange next = queue.pollFirst();
        take(next);
        return next;
    }

    /**
     * Replaces the ready replicas, keeping the in-flight counts of those that stay.
     *
     * @return how long the revision took to wake, in nanoseconds, when this update ended a cold start; else -1
     */
    synchronized long updateEndpoints(List<Endpoint> endpoints) {
        Slot[] next = new Slot[endpoints.size()];
        for (int i = 0; i < next.length; i++) {
            Endpoint endpoint = endpoints.get(i);
            Slot kept = find(endpoint);
            next[i] = kept != null ? kept : new Slot(endpoint);
        }
        slots = next;
        if (next.length > 0 && wokenAt != 0) {
            long took = System.nanoTime() - wokenAt;
            wokenAt = 0;
            return took;
        }
        if (next.length == 0 && !queue.isEmpty() && wokenAt == 0) {
            wokenAt = System.nanoTime() | 1;
        }
        return -1;
    }

    /** Whether requests wait while no replica is ready (the caller must wake the revision). */
    synchronized boolean waitingWhileCold() {
        return slots.length == 0 && !queue.isEmpty();
    }

    /** In flight plus waiting: what the autoscaler scales on. */
    synchronized int concurrency() {
        return inFlight + queue.size();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int queued() {
        return queue.size();
    }

    synchronized int readyReplicas() {
        return slots.length;
    }

    private boolean hasCapacity() {
        if (slots.length == 0) {
            return false;
        }
        int perReplica = settings.containerConcurrency();
        return perReplica <= 0 || inFlight < perReplica * slots.length;
    }

    /** Least requests in flight first; the rotating start spreads ties round-robin. */
    private void take(Exchange exchange) {
        int n = slots.length;
        int start = rotation++ & Integer.MAX_VALUE;
        Slot best = null;
        for (int i = 0; i < n; i++) {
            Slot candidate = slots[(start + i) % n];
            if (best == null || candidate.inFlight < best.inFlight) {
                best = candidate;
            }
        }
        best.inFlight++;
        inFlight++;
        exchange.slot = best;
    }

    /**
     * Takes a slot on a replica other than the one that just refused a connection, when there is another.
     * The request already counts in flight, so capacity is not checked again.
     */
    synchronized void moveToOtherReplica(Exchange exchange) {
        Slot failed = exchange.slot;
        if (failed != null) {
            failed.inFlight--;
            inFlight--;
            exchange.slot = null;
        }
        Slot best = null;
        for (Slot candidate : slots) {
            if (candidate == failed || failed != null && candidate.endpoint.equals(failed.endpoint)) {
                continue;
            }
            if (best == null || candidate.inFlight < best.inFlight) {
                best = candidate;
            }
        }
        if (best == null) {
            best = failed != null ? failed : slots.length > 0 ? slots[0] : null;
        }
        if (best != null) {
            best.inFlight++;
            inFlight++;
            exchange.slot = best;
        }
    }

    private Slot find(Endpoint endpoint) {
        for (Slot slot : slots) {
            if (slot.endpoint.equals(endpoint)) {
                return slot;
            }
        }
        return null;
    }
}
