package dev.quiver.runtime.schedules;

/**
 * Whether this runtime replica is the one that fires schedules, so that a schedule fires once however many
 * replicas run. The local platform has one replica, which always leads; on Kubernetes a Lease decides.
 */
@FunctionalInterface
public interface Leadership {

    /** The only replica there is: always the leader. */
    Leadership ALWAYS = () -> true;

    /** Whether this replica fires schedules now. */
    boolean isLeader();
}
