package dev.quiver.cli.backend;

import dev.quiver.api.Function;

/**
 * What became of a promote or abort.
 *
 * @param function the function as last read, its {@code status.rollout} as the driver left it
 * @param actedOn  whether the rollout's driver acted on the command before the answer; false when a cluster's
 *                 controller has not got to it yet (it acts on the annotation when it does)
 */
public record RolloutAnswer(Function function, boolean actedOn) {
}
