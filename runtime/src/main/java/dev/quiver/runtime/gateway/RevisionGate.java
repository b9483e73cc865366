package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.ConcurrencyShare;
import dev.quiver.runtime.routing.RevisionSettings;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Admission to one revision: its ready replicas, the requests in flight to each, and one bounded queue of
 * requests that wait, either for a free slot or for a first replica while the revision wakes from zero (the
 * activator's hold). Each replica takes at most this gateway's share of {@code containerConcurrency}: all of it
 * when this is the only gateway replica, else as {@link ConcurrencyShare} splits it among the live ones. Event loops of every connection share it,
 * so its state sits behind the object's monitor; each critical section is a few field updates.
 */
final class RevisionGate {

    /** One ready replica and the requests in flight to it. */
    static final class Slot {
        final Endpoint endpoint;
        int inFlight;
        /** This gateway's limit on the replica; {@link Integer#MAX_VALUE} without containerConcurrency. */
        int limit = Integer.MAX_VALUE;

        /** The endpoint as the HTTP client takes it, made once rather than per request. */
        final SocketAddress address;

        Slot(Endpoint endpoint) {
            this.endpoint = endpoint;
            this.address = SocketAddress.inetSocketAddress(endpoint.port(), endpoint.host());
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
    private static final Comparator<Slot> ENDPOINT_ORDER = Comparator
            .comparing((Slot slot) -> slot.endpoint.host()).thenComparingInt(slot -> slot.endpoint.port());

    final RevisionRef ref;
    final RevisionMetrics metrics = new RevisionMetrics();
    private final int queueLimit;
    private volatile RevisionSettings settings;

    private Slot[] slots = NONE;
    private int gatewayReplicas = 1;
    private int gatewayIndex;
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

    /** A gate whose limits are this gateway's share among {@code replicas} gateway replicas. */
    RevisionGate(RevisionSettings settings, List<Endpoint> endpoints, int queueLimit, int replicas, int index) {
        this(settings, endpoints, queueLimit);
        share(replicas, index);
    }

    RevisionSettings settings() {
        return settings;
    }

    synchronized void settings(RevisionSettings latest) {
        this.settings = latest;
        applyLimits();
    }

    /** Sets how many gateway replicas share the revision and which one this is; the limits follow. */
    synchronized void share(int replicas, int index) {
        gatewayReplicas = Math.max(1, replicas);
        gatewayIndex = index;
        applyLimits();
    }

    /** Each replica's limit: this gateway's share of containerConcurrency, endpoints in their sorted order. */
    private void applyLimits() {
        int cc = settings.containerConcurrency();
        if (cc <= 0) {
            for (Slot slot : slots) {
                slot.limit = Integer.MAX_VALUE;
            }
            return;
        }
        Slot[] sorted = slots.clone();
        Arrays.sort(sorted, ENDPOINT_ORDER);
        int[] limits = ConcurrencyShare.perEndpoint(cc, sorted.length, gatewayReplicas, gatewayIndex);
        for (int j = 0; j < sorted.length; j++) {
            sorted[j].limit = limits[j];
        }
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
        applyLimits();
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
        for (Slot slot : slots) {
            if (slot.inFlight < slot.limit) {
                return true;
            }
        }
        return false;
    }

    /** Least requests in flight first among replicas under their limit; the rotating start spreads ties. */
    private void take(Exchange exchange) {
        int n = slots.length;
        int start = rotation++ & Integer.MAX_VALUE;
        Slot best = null;
        for (int i = 0; i < n; i++) {
            Slot candidate = slots[(start + i) % n];
            if (candidate.inFlight < candidate.limit && (best == null || candidate.inFlight < best.inFlight)) {
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
