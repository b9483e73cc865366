package dev.quiver.runtime.platform;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where revisions run: child processes on this machine, or Deployments on Kubernetes. The gateway and the
 * autoscaler see only this interface. Every method returns at once; replicas start and stop in the
 * background and {@link #addEndpointsListener listeners} hear when the set of ready endpoints changes.
 */
public interface Platform {

    /** The replicas of the revision that are ready to serve now (a snapshot; never blocks). */
    List<Endpoint> readyEndpoints(RevisionRef revision);

    /** Asks for this many replicas (0 scales to zero, draining first). */
    void scale(RevisionRef revision, int replicas);

    /**
     * Makes sure at least one replica of the revision is on its way, now: the cold path of the activator.
     * Idempotent, and cheap when a replica is already running or starting.
     */
    void wake(RevisionRef revision);

    /** The replicas asked for (running or starting). */
    int desiredReplicas(RevisionRef revision);

    /** Calls the listener (on any thread) whenever a revision's ready endpoints change. */
    void addEndpointsListener(Consumer<RevisionRef> listener);
}
