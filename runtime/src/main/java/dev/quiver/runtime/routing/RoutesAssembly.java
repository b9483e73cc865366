package dev.quiver.runtime.routing;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.ScaleSpec;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.runtime.platform.RevisionRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds {@link FunctionRoutes} from resolved traffic, the same way on every platform: the local store and the
 * Kubernetes catalog differ only in where the revisions come from.
 */
public final class RoutesAssembly {

    private RoutesAssembly() {
    }

    /**
     * The routes of a function.
     *
     * @param namespace the function's namespace
     * @param function  the function's name
     * @param targets   resolved traffic, each target naming a concrete revision
     * @param settings  the settings of a revision named by a target
     */
    public static FunctionRoutes of(String namespace, String function, List<TrafficTarget> targets,
            Function<String, RevisionSettings> settings) {
        return of(namespace, function, targets, settings, null);
    }

    /**
     * The routes of a function whose gateway checks an API key.
     *
     * @param apiKeySha256 the SHA-256 of the key the gateway expects; null for no check, empty to refuse all
     */
    public static FunctionRoutes of(String namespace, String function, List<TrafficTarget> targets,
            Function<String, RevisionSettings> settings, byte[] apiKeySha256) {
        return of(namespace, function, targets, null, settings, apiKeySha256);
    }

    /**
     * The routes of a function, with the Function's {@code spec.sticky}: both platforms pass it here, so that one
     * routing table places sticky users the same way locally and in a cluster.
     *
     * @param sticky       what keeps a user on one revision of the split; null to draw at random
     * @param apiKeySha256 the SHA-256 of the key the gateway expects; null for no check, empty to refuse all
     */
    public static FunctionRoutes of(String namespace, String function, List<TrafficTarget> targets, StickySplit sticky,
            Function<String, RevisionSettings> settings, byte[] apiKeySha256) {
        Map<String, RevisionSettings> revisions = new LinkedHashMap<>();
        for (TrafficTarget target : targets) {
            revisions.computeIfAbsent(target.revisionName, settings);
        }
        return new FunctionRoutes(namespace, function, RoutingTable.of(targets, sticky), Map.copyOf(revisions),
                propagatedHeaders(targets), apiKeySha256);
    }

    /**
     * A revision's settings: limits from its own template, scale from the Function's (scale follows the
     * Function and is not part of a revision's identity).
     */
    public static RevisionSettings settings(RevisionRef ref, FunctionTemplate own, ScaleSpec functionScale) {
        return new RevisionSettings(ref, own.containerConcurrencyOrDefault(),
                Duration.ofSeconds(own.timeoutSecondsOrDefault()), functionScale);
    }

    /** Header names (lower case) that the targets' match rules read. */
    public static Set<String> propagatedHeaders(List<TrafficTarget> targets) {
        Set<String> headers = new TreeSet<>();
        for (TrafficTarget target : targets) {
            if (target.match != null) {
                target.match.headers.keySet().forEach(h -> headers.add(h.toLowerCase(Locale.ROOT)));
            }
        }
        return Set.copyOf(headers);
    }
}
