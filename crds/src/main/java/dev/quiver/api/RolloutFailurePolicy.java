package dev.quiver.api;

/** What a rollout does when its analysis fails. */
public enum RolloutFailurePolicy {
    /** Traffic goes back to the stable revision at once; the new revision keeps 0 %. */
    Rollback,
    /** The new revision keeps its current weight and the rollout waits for a person to promote or abort it. */
    Pause
}
