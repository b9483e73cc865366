package dev.quiver.api;

/** Where a rollout stands, in {@code status.rollout.phase}. */
public enum RolloutPhase {
    /** The smoke test runs against the new revision by tag; it has 0 % of the traffic. */
    SmokeTesting,
    /** The new revision walks the steps, each judged before the next. */
    Progressing,
    /** Analysis failed under {@code onFailure: Pause}: the weight stays until someone promotes or aborts. */
    Paused,
    /** The new revision has 100 %; it is the stable revision from now on. */
    Succeeded,
    /** Analysis failed or someone aborted: the stable revision has 100 % again. */
    RolledBack,
    /** The smoke test failed: the new revision never received user traffic. */
    SmokeTestFailed;

    /** Whether the rollout has ended and no observation changes it any more. */
    public boolean ended() {
        return this == Succeeded || this == RolledBack || this == SmokeTestFailed;
    }
}
