package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's gates, one per revision it has routed to: made on a revision's first request, told of its ready
 * endpoints and of this gateway replica's share of its concurrency, and dropped with their meters when a deleted
 * revision's last replica is gone. The request path asks it for one gate per request: one map lookup.
 */
final class RevisionGates {

    private final ConcurrentHashMap<RevisionRef, RevisionGate> gates = new ConcurrentHashMap<>();
    private final RouteCatalog catalog;
    private final Platform platform;
    private final int queueLimit;
    private final GatewayMeters metrics;
    private volatile int gatewayReplicas = 1;
    private volatile int gatewayIndex;

    /**
     * Gates over the given routes and platform; their meters go to the given registry.
     *
     * @param queueLimit how many requests may wait at one gate
     */
    RevisionGates(RouteCatalog catalog, Platform platform, int queueLimit, MeterRegistry registry) {
        this.catalog = catalog;
        this.platform = platform;
        this.queueLimit = queueLimit;
        this.metrics = new GatewayMeters(registry, gates);
    }

    /** The meters of the gates, and of requests that reached none. */
    GatewayMeters metrics() {
        return metrics;
    }

    /** The revision's gate, made at its first request; its settings follow the routes' newest ones. */
    RevisionGate gate(RevisionSettings settings) {
        RevisionRef ref = settings.ref();
        RevisionGate gate = gates.get(ref);
        if (gate == null) {
            RevisionGate created = new RevisionGate(settings, List.of(), queueLimit, gatewayReplicas, gatewayIndex);
            gate = gates.putIfAbsent(ref, created);
            if (gate == null) {
                gate = created;
                metrics.added(gate);
                // registered first, read second: a change reported in between is not lost
                gate.updateEndpoints(platform.readyEndpoints(ref));
                // a request on another event loop may have found the gate still empty and be held in it
                drain(gate);
            }
        }
        if (gate.settings() != settings) {
            gate.settings(settings);
            drain(gate); // a higher concurrency limit frees slots for waiting requests
        }
        return gate;
    }

    /** Takes the revision's ready endpoints as they are now; a listener of the platform. */
    void endpointsChanged(RevisionRef ref) {
        RevisionGate gate = gates.get(ref);
        if (gate == null) {
            return; // nobody asked for it yet; its gate reads the endpoints when it is made
        }
        long wokeIn = gate.updateEndpoints(platform.readyEndpoints(ref));
        if (wokeIn >= 0) {
            gate.metrics.coldStart(wokeIn);
        }
        drain(gate);
        if (gate.waitingWhileCold()) {
            platform.wake(ref); // the last replica went while requests wait: ask for one again
        }
        if (gate.readyReplicas() == 0 && gate.concurrency() == 0 && !served(ref) && gates.remove(ref, gate)) {
            metrics.removed(gate); // a deleted revision's last replica is gone: its meters go with it
        }
    }

    /** Whether the revision is still one of its function's routed revisions. */
    private boolean served(RevisionRef ref) {
        return catalog.find(ref.namespace(), ref.function())
                .map(routes -> routes.revisions().containsKey(ref.revision())).orElse(false);
    }

    /** Shares every gate's concurrency among this many gateway replicas; see {@link Gateway#gatewayReplicas}. */
    void gatewayReplicas(int replicas, int index) {
        if (replicas == gatewayReplicas && index == gatewayIndex) {
            return;
        }
        gatewayReplicas = Math.max(1, replicas);
        gatewayIndex = index;
        for (RevisionGate gate : gates.values()) {
            gate.share(gatewayReplicas, gatewayIndex);
            drain(gate); // a larger share frees slots for waiting requests
        }
    }

    /** Requests in flight to the revision plus those waiting for it; 0 when it has no gate. */
    int concurrency(RevisionRef revision) {
        RevisionGate gate = gates.get(revision);
        return gate == null ? 0 : gate.concurrency();
    }

    /** A copy of every gate's counters as of now. */
    List<RevisionSnapshot> snapshots() {
        return gates.values().stream().map(RevisionSnapshot::of).toList();
    }

    /** Sends every waiting request that has a free slot now. */
    static void drain(RevisionGate gate) {
        Exchange next;
        while ((next = gate.nextReady()) != null) {
            next.dispatch();
        }
    }
}
