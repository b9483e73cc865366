package dev.quiver.api.conditions;

/** The condition types of Quiver's resources. */
public final class ConditionTypes {

    /** The summary of every other condition of the resource. */
    public static final String READY = "Ready";

    /** Function: the newest revision is ready. */
    public static final String LATEST_REVISION_READY = "LatestRevisionReady";
    /** Function: the traffic resolves to ready revisions. */
    public static final String ROUTES_READY = "RoutesReady";
    /** Function: the event triggers are valid and bound. */
    public static final String TRIGGERS_READY = "TriggersReady";
    /** Function: the image built from {@code spec.build} is pushed. */
    public static final String BUILD_SUCCEEDED = "BuildSucceeded";

    /** Revision: its Deployment (or Job template) exists and has the replicas it needs. */
    public static final String RESOURCES_AVAILABLE = "ResourcesAvailable";
    /** Revision: its containers start and pass their probes. */
    public static final String CONTAINER_HEALTHY = "ContainerHealthy";
    /** Revision: it has replicas running (False when scaled to zero; not part of Ready). */
    public static final String ACTIVE = "Active";

    private ConditionTypes() {
    }
}
