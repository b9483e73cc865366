package dev.quiver.runtime.platform;

/**
 * Whether this runtime replica is the one that runs cluster-wide loops (the autoscaler, the schedules). Always
 * true on the local platform; on Kubernetes, held through a coordination.k8s.io Lease.
 */
@FunctionalInterface
public interface Leadership {

    /** Whether this replica leads now; cheap, never blocks. */
    boolean isLeader();
}
