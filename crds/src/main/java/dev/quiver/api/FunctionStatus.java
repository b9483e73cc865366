package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a {@link Function}. */
public class FunctionStatus extends ApiValue implements HasConditions {

    /** The generation this status describes. */
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    /** Ready, LatestRevisionReady, RoutesReady, TriggersReady and BuildSucceeded. */
    @JsonPropertyDescription("Ready (the summary), LatestRevisionReady, RoutesReady, TriggersReady and, for built functions, BuildSucceeded.")
    public List<Condition> conditions = new ArrayList<>();

    /** The newest revision, ready or not. */
    @JsonPropertyDescription("The newest revision, ready or not.")
    public String latestCreatedRevisionName;

    /** The newest revision that became ready. */
    @JsonPropertyDescription("The newest revision that became ready; latestRevision traffic goes here.")
    public String latestReadyRevisionName;

    /** Where the function is invoked. */
    @JsonPropertyDescription("Where the function is invoked through the gateway.")
    public String url;

    /** The traffic as resolved to concrete revisions. */
    @JsonPropertyDescription("The traffic as it is served: concrete revision names, percents, tags and their URLs.")
    public List<TrafficTarget> traffic = new ArrayList<>();

    /** The image built from {@code spec.build}. */
    @JsonPropertyDescription("The image built from spec.build, by digest, and the source it was built from.")
    public BuildStatus build;

    /** The rollout of the newest revision, when {@code spec.rollout} is set. */
    @JsonPropertyDescription("The rollout of the newest ready revision when spec.rollout is set: phase, step, "
            + "weight and every decided step with the numbers that decided it.")
    public RolloutStatus rollout;

    @Override
    public List<Condition> conditions() {
        return conditions;
    }
}
