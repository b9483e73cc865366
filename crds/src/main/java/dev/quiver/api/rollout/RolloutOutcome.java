package dev.quiver.api.rollout;

import dev.quiver.api.RolloutStatus;

/**
 * What {@link RolloutJudge} decided: the status to write, the split to apply and why.
 *
 * @param status  the next {@code status.rollout}, a new object (the one passed in is never changed)
 * @param split   the traffic split to apply now
 * @param changed whether the status differs from the one passed in, so the caller writes only when due
 * @param reason  why, in words with the measured numbers: {@code status.message} when the status changed, else
 *                why nothing changed (e.g. nothing to promote)
 */
public record RolloutOutcome(RolloutStatus status, TrafficSplit split, boolean changed, String reason) {
}
