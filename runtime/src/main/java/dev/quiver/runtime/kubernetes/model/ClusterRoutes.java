package dev.quiver.runtime.kubernetes.model;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RoutesAssembly;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Function's routes in a cluster: the traffic the controller resolved into {@code status.traffic} (only ready
 * revisions, latestRevision already replaced by a name), with each revision's limits from its FunctionRevision.
 * The runtime never resolves traffic itself, so a failing new revision never takes traffic here either. A sticky
 * split ({@code spec.sticky}) is read from the spec: it says how to place users, not which revisions serve.
 */
public final class ClusterRoutes {

    private ClusterRoutes() {
    }

    /**
     * The routes of a function.
     *
     * @param function  the Function as last seen
     * @param revisions the function's revisions known so far, by name
     * @return the routes; empty when {@code status.traffic} names a revision not seen yet (the caller keeps
     *         what it served before until the revision arrives)
     */
    public static Optional<FunctionRoutes> of(Function function, Map<String, FunctionRevision> revisions) {
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        List<TrafficTarget> targets = function.getStatus() == null || function.getStatus().traffic == null
                ? List.of() : function.getStatus().traffic.stream().filter(t -> t.revisionName != null).toList();
        for (TrafficTarget target : targets) {
            if (!revisions.containsKey(target.revisionName)) {
                return Optional.empty();
            }
        }
        return Optional.of(RoutesAssembly.of(namespace, name, targets, function.getSpec().sticky,
                revision -> RoutesAssembly.settings(new RevisionRef(namespace, name, revision),
                        revisions.get(revision).getSpec().templateOrDefault(),
                        function.getSpec().templateOrDefault().scaleOrDefault()), null));
    }
}
