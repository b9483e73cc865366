package dev.quiver.api;

/** How a function's revisions run. */
public enum Mode {
    /** A Deployment and a Service per revision, autoscaled on load (to zero when idle). */
    Service,
    /** One Kubernetes Job per event, from the revision's job template. */
    Job
}
