package dev.quiver.api.traffic;

import dev.quiver.api.ApiJson;
import dev.quiver.api.TrafficTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a Function's {@code spec.traffic} into the traffic that is served: {@code latestRevision} becomes the
 * latest <em>ready</em> revision (so a failing new revision never takes traffic), named revisions are checked,
 * and each target gets its URL. Pure: the caller passes what it knows of the revisions.
 */
public final class TrafficResolver {

    private TrafficResolver() {
    }

    /**
     * Resolves the traffic.
     *
     * @param spec              {@code spec.traffic}; empty means 100 % to the latest ready revision
     * @param latestReady       the latest ready revision, or null when none is ready yet
     * @param existing          every revision of the function
     * @param ready             the revisions that are ready
     * @param functionUrl       the function's URL; a tag is reached at {@code <functionUrl>@<tag>}
     */
    public static TrafficResolution resolve(List<TrafficTarget> spec, String latestReady, Set<String> existing,
            Set<String> ready, String functionUrl) {
        List<TrafficTarget> wanted = spec == null || spec.isEmpty() ? List.of(TrafficTarget.latest(100)) : spec;
        List<TrafficTarget> resolved = new ArrayList<>();
        List<TrafficResolution.Problem> problems = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            TrafficTarget target = ApiJson.copy(wanted.get(i), TrafficTarget.class);
            String path = "spec.traffic[" + i + "]";
            if (target.followsLatest()) {
                if (latestReady == null) {
                    problems.add(TrafficResolution.Problem.pending("NoReadyRevision",
                            path + " follows the latest ready revision, and no revision is ready yet"));
                    continue;
                }
                target.revisionName = latestReady;
            } else if (!existing.contains(target.revisionName)) {
                problems.add(TrafficResolution.Problem.failed("RevisionMissing", path + " names revision '"
                        + target.revisionName + "', which does not exist; see 'kubectl get qrev' for the revisions"));
                continue;
            } else if (!ready.contains(target.revisionName)) {
                problems.add(TrafficResolution.Problem.pending("RevisionNotReady", path + " names revision '"
                        + target.revisionName + "', which is not ready"));
                continue;
            }
            target.url = target.tag == null ? functionUrl : functionUrl + "@" + target.tag;
            if (target.match == null && target.percent == null) {
                target.percent = 0;
            }
            resolved.add(target);
        }
        return new TrafficResolution(resolved, problems);
    }
}
