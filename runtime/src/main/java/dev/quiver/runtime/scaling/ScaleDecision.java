package dev.quiver.runtime.scaling;

/**
 * What the autoscaler decided for one revision at one instant.
 *
 * @param desiredReplicas replicas the revision should have now, within the policy's bounds; 0 only when scale
 *                        to zero is allowed (min 0, no demand over the stable window and the grace period over)
 * @param panicking       whether the autoscaler is in panic mode (scales on the panic window, never down)
 * @param stableDemand    average demand (concurrency plus backlog) over the stable window
 * @param panicDemand     average demand (concurrency plus backlog) over the panic window
 */
public record ScaleDecision(int desiredReplicas, boolean panicking, double stableDemand, double panicDemand) {
}
