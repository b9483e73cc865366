package dev.quiver.api;

/** How one step of a rollout was decided, in {@code status.rollout.decisions}. */
public enum RolloutVerdict {
    /** The smoke test passed; user traffic may start. */
    SmokeTestPassed,
    /** The smoke test failed; the new revision keeps 0 %. */
    SmokeTestFailed,
    /** The step's pause ended with enough requests and the analysis within its limits. */
    Passed,
    /** The analysis went over a limit. */
    Failed,
    /** Someone promoted the new revision to 100 %, skipping the remaining steps. */
    Promoted,
    /** Someone aborted the rollout; traffic went back to the stable revision. */
    Aborted,
    /** A newer revision replaced this rollout's revision before it ended. */
    Superseded
}
