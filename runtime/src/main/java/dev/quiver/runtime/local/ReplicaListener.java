package dev.quiver.runtime.local;

import dev.quiver.runtime.platform.RevisionRef;

/** Hears whether a revision's replicas pass readiness: what makes a local revision Ready or failed. */
public interface ReplicaListener {

    /** A replica of the revision passed readiness. */
    void replicaReady(RevisionRef revision);

    /** A replica of the revision exited or never passed readiness before the deadline. */
    void replicaFailed(RevisionRef revision, String message);
}
