package dev.quiver.runtime.routing;

import dev.quiver.api.ScaleSpec;
import dev.quiver.runtime.platform.RevisionRef;
import java.time.Duration;

/**
 * What the gateway and the autoscaler need to know of one revision.
 *
 * @param ref                  the revision
 * @param containerConcurrency hard limit of requests in flight per replica, 0 for none
 * @param timeout              longest time one invocation may take (504 after it)
 * @param scale                autoscaling bounds and target
 */
public record RevisionSettings(RevisionRef ref, int containerConcurrency, Duration timeout, ScaleSpec scale) {
}
