package dev.quiver.runtime.local;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.Mode;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.FunctionLifecycle;
import dev.quiver.api.validation.Problem;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The functions of a folder, run on the local platform: each subfolder with a {@code function.yaml} is validated,
 * built with Maven (or, with {@code spec.run}, copied to run its command: {@link RunCommandApp}), and becomes a
 * Function with revisions whose status reads exactly as in a cluster, {@code status.probes} included. A change
 * of template or code makes a new revision; it takes traffic only once a replica passes readiness. The routes of
 * each function are published as an immutable snapshot for the gateway.
 *
 * <p>The store holds the lock and the functions; the work is its parts': {@link FunctionFolders} loads the folders,
 * {@link LocalRevisions} makes and marks the revisions and {@link LocalRoutes} resolves the traffic and publishes the
 * routes, the last two marking statuses through the same lifecycle helpers as the controller.
 */
public final class LocalFunctionStore implements RouteCatalog, ReplicaListener {

    /** The namespace of every local function. */
    public static final String NAMESPACE = "default";

    private static final Logger LOG = Logger.getLogger(LocalFunctionStore.class);
    /** The file in a function's folder that holds its API key when no env variable does ({@link LocalApiKeys}). */
    public static final String API_KEY_FILE = LocalApiKeys.FILE;

    private final LocalSettings settings;
    private final LocalPlatform platform;
    private final Clock clock;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final FunctionFolders folders;
    private final LocalRevisions revisions;
    private final LocalRoutes routes;
    private final FunctionBuilder builder;
    /** Revisions and traffic kept across restarts. */
    private final LocalState state;
    /** The rollout driver; while none is attached a new revision takes the latest traffic at once. */
    private LocalRollouts rollouts;

    /** A store for the settings' functions folder, running revisions on the platform. */
    public LocalFunctionStore(LocalSettings settings, LocalPlatform platform, Clock clock) {
        this.settings = settings;
        this.platform = platform;
        this.clock = clock;
        this.folders = new FunctionFolders(settings.functionsDir());
        this.revisions = new LocalRevisions(settings, platform, clock);
        this.routes = new LocalRoutes(clock);
        this.builder = new FunctionBuilder(settings);
        this.state = LocalState.of(settings);
        platform.addReplicaListener(this);
    }

    /** Local functions all live in {@link #NAMESPACE}; any other namespace holds none. */
    @Override
    public Optional<FunctionRoutes> find(String namespace, String functionName) {
        return NAMESPACE.equals(namespace) ? routes.find(functionName) : Optional.empty();
    }

    /** The local namespace, {@link #NAMESPACE}. */
    @Override
    public String defaultNamespace() {
        return NAMESPACE;
    }

    /** Every published route snapshot. */
    public List<FunctionRoutes> allRoutes() {
        return routes.all();
    }

    /**
     * Looks at the functions folder once: new and changed functions are validated and built (this blocks for the
     * builds), new revisions are started, removed folders stop serving.
     */
    public void scan() {
        Set<Path> folders = this.folders.list();
        for (Path folder : folders) {
            try {
                refresh(folder);
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot load the function in %s", folder);
            }
        }
        removeVanished(folders);
    }

    private void refresh(Path folder) {
        FunctionFolders.Contents contents = FunctionFolders.read(folder);
        String yaml = contents.yaml();
        String stamp = contents.stamp();
        LocalFunction function;
        synchronized (this) {
            function = functions.values().stream().filter(f -> f.folder.equals(folder)).findFirst().orElse(null);
            if (function != null && yaml.equals(function.lastYaml) && stamp.equals(function.lastStamp)) {
                return;
            }
        }
        FunctionYaml parsed = FunctionFolders.parse(folder, contents);
        synchronized (this) {
            if (function == null || !function.name().equals(parsed.function().getMetadata().getName())) {
                function = register(folder, parsed.function());
            }
            boolean trafficChanged = !ApiJson.tree(parsed.function().getSpec().traffic)
                    .equals(ApiJson.tree(function.resource.getSpec().traffic));
            applySpec(function, parsed);
            if (trafficChanged) {
                function.trafficOverride = null;
            }
            function.lastYaml = yaml;
            if (!function.problems.isEmpty()) {
                function.lastStamp = stamp;
                markInvalid(function);
                return;
            }
        }
        String digest = FunctionBuilder.digest(folder, parsed.function().getSpec().run);
        if ((function.built == null || !digest.equals(function.built.digest())) && !build(function, digest)) {
            synchronized (this) {
                function.lastStamp = stamp;
            }
            return;
        }
        synchronized (this) {
            function.lastStamp = stamp;
            revisions.reviseIfChanged(function);
            resolveTraffic(function);
            state.save(functions.values());
        }
    }

    private LocalFunction register(Path folder, Function parsed) {
        LocalFunction function = new LocalFunction(folder);
        parsed.getMetadata().setUid(UUID.randomUUID().toString());
        parsed.getMetadata().setGeneration(1L);
        parsed.getMetadata().setCreationTimestamp(now().toString());
        function.resource = parsed;
        functions.put(parsed.getMetadata().getName(), function);
        revisions.restore(function, state.restore(function));
        return function;
    }

    private void applySpec(LocalFunction function, FunctionYaml parsed) {
        function.problems = parsed.problems();
        Function current = function.resource;
        Function wanted = parsed.function();
        if (current != wanted && !ApiJson.tree(current.getSpec()).equals(ApiJson.tree(wanted.getSpec()))) {
            current.setSpec(wanted.getSpec());
            current.getMetadata().setGeneration(current.getMetadata().getGeneration() + 1);
        }
        current.getMetadata().setLabels(wanted.getMetadata().getLabels());
        current.getStatus().observedGeneration = current.getMetadata().getGeneration();
        current.getStatus().url = functionUrl(current.getMetadata().getName());
    }

    private void markInvalid(LocalFunction function) {
        String message = function.problems.stream().map(p -> p.path() + ": " + p.message())
                .collect(Collectors.joining("; "));
        FunctionLifecycle.of(function.resource.getStatus(), clock).markInvalid("function.yaml is invalid: " + message);
        LOG.errorf("%s: function.yaml is invalid and is not served: %s", function.name(), message);
    }

    /** Builds the folder (or copies it, for spec.run) into an immutable app ({@link FunctionBuilder}). */
    private boolean build(LocalFunction function, String digest) {
        String name;
        String run;
        FunctionTemplate template;
        synchronized (this) {
            name = function.name();
            run = function.resource.getSpec().run;
            template = ApiJson.copy(function.resource.getSpec().templateOrDefault(), FunctionTemplate.class);
            lifecycle(function).markBuilding(run == null ? "mvn package is running" : "copying the folder to run '" + run + "'");
        }
        FunctionBuilder.Outcome outcome = builder.build(name, function.folder, run, digest, template,
                LocalRevisions.environment(name, template, settings));
        synchronized (this) {
            if (outcome.app() == null) {
                lifecycle(function).markBuildFailed(FunctionLifecycle.BUILD_FAILED, outcome.failure());
                return false;
            }
            function.built = outcome.app();
            lifecycle(function).markBuildSucceeded();
        }
        return true;
    }

    @Override
    public synchronized void replicaReady(RevisionRef ref) {
        LocalFunction function = functions.get(ref.function());
        if (function == null || !revisions.replicaReady(function, ref)) {
            return;
        }
        resolveTraffic(function);
        state.save(functions.values());
        LOG.infof("%s is ready: %s (revision %s)", function.name(), functionUrl(function.name()), ref.revision());
    }

    @Override
    public synchronized void replicaFailed(RevisionRef ref, String message) {
        LocalFunction function = functions.get(ref.function());
        if (function == null || !revisions.replicaFailed(function, ref, message)) {
            return;
        }
        resolveTraffic(function);
        state.save(functions.values());
        LOG.errorf("%s: revision %s failed and takes no traffic: %s", function.name(), ref.revision(), message);
    }

    /** Resolves the wanted traffic against the ready revisions and publishes the routes when all of it resolves. */
    private void resolveTraffic(LocalFunction function) {
        routes.resolve(function, functionUrl(function.name()), rollouts == null ? null : rollouts.beforeResolve(function));
    }

    private synchronized void removeVanished(Set<Path> folders) {
        functions.values().removeIf(function -> {
            if (folders.contains(function.folder)) {
                return false;
            }
            LOG.infof("%s: its folder is gone; it is no longer served", function.name());
            routes.remove(function.name());
            revisions.unregister(function);
            return true;
        });
        state.save(functions.values());
    }

    /**
     * Replaces the function's traffic (as {@code quiver traffic} and {@code quiver rollback} do).
     *
     * @return the function, or empty when there is none of that name
     * @throws InvalidTrafficException when the targets are invalid or name revisions that do not exist
     */
    public synchronized Optional<Function> setTraffic(String name, List<TrafficTarget> traffic) {
        LocalFunction function = functions.get(name);
        if (function == null) {
            return Optional.empty();
        }
        List<Problem> problems = LocalRoutes.problems(function, traffic);
        if (!problems.isEmpty()) {
            throw new InvalidTrafficException(problems);
        }
        function.trafficOverride = List.copyOf(traffic);
        resolveTraffic(function);
        state.save(functions.values());
        return function(name);
    }

    /** Attaches the rollout driver ({@link LocalRollouts#start}). */
    synchronized void rollouts(LocalRollouts driver) {
        this.rollouts = driver;
    }

    /** Runs a rollout pass on every function (or the named one) under the lock; resolves and saves those it changed. */
    synchronized void rolloutPass(String name, java.util.function.Predicate<LocalFunction> pass) {
        List<LocalFunction> changed = functions.values().stream()
                .filter(f -> (name == null || name.equals(f.name())) && f.problems.isEmpty() && pass.test(f)).toList();
        changed.forEach(this::resolveTraffic);
        if (!changed.isEmpty()) {
            state.save(functions.values());
        }
    }

    /** Every function, with its status. */
    public synchronized List<Function> functions() {
        return functions.keySet().stream().sorted().map(name -> function(name).orElseThrow()).toList();
    }

    /** The function's mode, if it exists: cheap enough to ask once per event. */
    public synchronized Optional<Mode> mode(String name) {
        LocalFunction function = functions.get(name);
        return Optional.ofNullable(function).map(f -> f.resource.getSpec().modeOrDefault());
    }

    /** One function with its status (a copy), if it exists. */
    public synchronized Optional<Function> function(String name) {
        LocalFunction function = functions.get(name);
        return Optional.ofNullable(function).map(f -> ApiJson.copy(f.resource, Function.class));
    }

    /** The function's revisions, oldest first, with their replica counts as of now; empty when no such function. */
    public synchronized Optional<List<FunctionRevision>> revisions(String name) {
        LocalFunction function = functions.get(name);
        if (function == null) {
            return Optional.empty();
        }
        List<FunctionRevision> all = revisions.view(function);
        return Optional.of(all);
    }

    /** The revisions the published routes can choose, with their settings: what the autoscaler scales. */
    public List<RevisionSettings> servedRevisions() {
        return routes.served();
    }

    /** Ready revisions that no route serves: the autoscaler drains them to zero. */
    public synchronized List<RevisionRef> retiredRevisions() {
        Set<RevisionRef> served = new HashSet<>();
        servedRevisions().forEach(settings -> served.add(settings.ref()));
        List<RevisionRef> retired = new ArrayList<>();
        for (LocalFunction function : functions.values()) {
            function.revisions.values().stream()
                    .filter(r -> function.phases.get(r.name()) == LocalRevision.Phase.READY)
                    .map(LocalRevision::ref).filter(ref -> !served.contains(ref)).forEach(retired::add);
        }
        return retired;
    }

    /** The output of a revision's replicas (the latest created one when none is named). */
    public synchronized Optional<String> logs(String name, String revision) {
        LocalFunction function = functions.get(name);
        if (function == null) {
            return Optional.empty();
        }
        String which = revision != null ? revision : function.resource.getStatus().latestCreatedRevisionName;
        LocalRevision chosen = which == null ? null : function.revisions.get(which);
        return chosen == null ? Optional.empty() : platform.logs(chosen.ref());
    }

    /** The URL of a function on the gateway. */
    public String functionUrl(String name) {
        return settings.gatewayUrl() + "/fn/" + name;
    }

    private FunctionLifecycle lifecycle(LocalFunction function) {
        return FunctionLifecycle.of(function.resource.getStatus(), clock);
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
