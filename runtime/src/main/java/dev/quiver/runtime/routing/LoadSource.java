package dev.quiver.runtime.routing;

import dev.quiver.runtime.platform.RevisionRef;

/** The load the gateway observes per revision, sampled by the autoscaler. */
public interface LoadSource {

    /** Requests in flight to the revision plus requests waiting for it (queued or held while it wakes). */
    int concurrency(RevisionRef revision);
}
