package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a {@link FunctionRevision}. */
public class FunctionRevisionStatus extends ApiValue implements HasConditions {

    /** The generation this status describes. */
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    /** Ready, ResourcesAvailable, ContainerHealthy and Active. */
    @JsonPropertyDescription("Ready (the summary), ResourcesAvailable, ContainerHealthy and Active (has replicas).")
    public List<Condition> conditions = new ArrayList<>();

    /** Replicas running and ready. */
    @JsonPropertyDescription("Replicas running and ready.")
    @StatusReplicas
    public Integer actualReplicas;

    /** Replicas wanted. */
    @JsonPropertyDescription("Replicas wanted, as last set by the autoscaler.")
    public Integer desiredReplicas;

    /** Label selector of the revision's pods. */
    @JsonPropertyDescription("Label selector of this revision's pods, for the scale subresource.")
    @LabelSelector
    public String selector;

    /** The probes the replicas are checked with, and why those. */
    @JsonPropertyDescription("The probes this revision's replicas are checked with and where they come from, e.g. "
            + "'readiness GET /q/health/ready, liveness GET /q/health/live (default: the app has SmallRye Health)'.")
    public String probes;

    /** Where the revision is reached inside the cluster. */
    @JsonPropertyDescription("Where this revision is reached inside the cluster (its Service), for mode Service.")
    public String url;

    @Override
    public List<Condition> conditions() {
        return conditions;
    }
}
