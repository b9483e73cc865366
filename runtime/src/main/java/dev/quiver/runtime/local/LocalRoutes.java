package dev.quiver.runtime.local;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.FunctionLifecycle;
import dev.quiver.api.traffic.TrafficResolution;
import dev.quiver.api.traffic.TrafficResolver;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RoutesAssembly;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The routes of the local platform's functions: each function's wanted traffic resolved against its ready revisions,
 * its status marked through {@link FunctionLifecycle} as the controller marks it, and the result published as an
 * immutable snapshot for the gateway. Resolving runs under the store's lock; reading the snapshots does not.
 */
public final class LocalRoutes {

    private final Map<String, FunctionRoutes> routes = new ConcurrentHashMap<>();
    private final Clock clock;

    LocalRoutes(Clock clock) {
        this.clock = clock;
    }

    /**
     * Marks a local Function's status as its traffic resolves: LatestRevisionReady from the latest revision (when
     * there is one), TriggersReady (the local platform binds its triggers as it starts) and RoutesReady with the
     * served traffic. Pure; public for the test that compares the platforms' statuses.
     *
     * @param status   the Function's status; {@code latestReadyRevisionName} already set
     * @param latest   the latest revision, or null when there is none
     * @param wanted   the traffic wanted (function.yaml's, or the one set through the admin API)
     * @param existing the names of its revisions
     * @param ready    the names of its ready revisions
     * @param url      the function's URL, which tagged targets' URLs extend
     * @param rollout  the rollout's state after this pass, or null
     */
    public static TrafficResolution markStatus(FunctionStatus status, FunctionRevision latest, List<TrafficTarget> wanted,
            Set<String> existing, Set<String> ready, String url, RolloutStatus rollout, Clock clock) {
        FunctionLifecycle lifecycle = FunctionLifecycle.of(status, clock);
        if (latest != null) {
            lifecycle.markLatestRevision(latest, status.latestReadyRevisionName);
        }
        TrafficResolution resolution = TrafficResolver.resolve(wanted, status.latestReadyRevisionName, existing, ready, url,
                rollout);
        lifecycle.markTriggers(Condition.TRUE, null, null);
        lifecycle.markRoutes(resolution);
        return resolution;
    }

    /**
     * Resolves the function's wanted traffic and publishes its routes when all of it resolves; else the routes served
     * before stay (as the controller keeps the served traffic), and its status says why.
     */
    void resolve(LocalFunction function, String url, RolloutStatus rollout) {
        LocalRevision latest = function.latest();
        Set<String> ready = function.phases.entrySet().stream().filter(e -> e.getValue() == LocalRevision.Phase.READY)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        TrafficResolution resolution = markStatus(function.resource.getStatus(), latest == null ? null : latest.resource(),
                function.wantedTraffic(), function.revisions.keySet(), ready, url, rollout, clock);
        if (resolution.complete()) {
            routes.put(function.name(), routesOf(function, resolution.targets()));
        } else {
            routes.putIfAbsent(function.name(), routesOf(function, List.of()));
        }
    }

    private static FunctionRoutes routesOf(LocalFunction function, List<TrafficTarget> targets) {
        FunctionTemplate template = function.resource.getSpec().templateOrDefault();
        return RoutesAssembly.of(LocalFunctionStore.NAMESPACE, function.name(), targets, function.resource.getSpec().sticky,
                name -> {
                    LocalRevision revision = function.revisions.get(name);
                    return RoutesAssembly.settings(revision.ref(), revision.resource().getSpec().templateOrDefault(),
                            template.scaleOrDefault());
                }, LocalApiKeys.sha256(function));
    }

    /**
     * Why traffic set through the admin API cannot be served: the validator's problems with {@code spec.traffic},
     * and targets naming revisions that do not exist or failed.
     */
    static List<Problem> problems(LocalFunction function, List<TrafficTarget> traffic) {
        Function candidate = FunctionYaml.forValidation(function.resource);
        candidate.getSpec().traffic = traffic;
        List<Problem> problems = new ArrayList<>(FunctionValidator.validate(candidate).stream()
                .filter(p -> p.path().startsWith("spec.traffic")).toList());
        for (int i = 0; i < traffic.size(); i++) {
            String revision = traffic.get(i).revisionName;
            if (revision != null && !function.revisions.containsKey(revision)) {
                problems.add(new Problem("spec.traffic[" + i + "].revisionName", "revision '" + revision
                        + "' does not exist; the revisions of " + function.name() + " are " + function.revisions.keySet()));
            } else if (revision != null && function.phases.get(revision) == LocalRevision.Phase.FAILED) {
                problems.add(new Problem("spec.traffic[" + i + "].revisionName", "revision '" + revision
                        + "' failed readiness and cannot take traffic"));
            }
        }
        return problems;
    }

    /** The published routes of a function. */
    Optional<FunctionRoutes> find(String function) {
        return Optional.ofNullable(routes.get(function));
    }

    /** Every published route snapshot. */
    List<FunctionRoutes> all() {
        return List.copyOf(routes.values());
    }

    /** The revisions the published routes can choose, with their settings. */
    List<RevisionSettings> served() {
        return routes.values().stream().flatMap(r -> r.revisions().values().stream()).toList();
    }

    /** Stops publishing a function's routes. */
    void remove(String function) {
        routes.remove(function);
    }
}
