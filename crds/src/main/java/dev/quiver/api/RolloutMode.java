package dev.quiver.api;

/** How a new revision takes over from the stable one under {@code spec.rollout}. */
public enum RolloutMode {
    /** In steps of growing weight, each judged by the gateway's measurements before the next. */
    Canary,
    /** 0 % until the smoke test passes, then 100 % at once. */
    BlueGreen
}
