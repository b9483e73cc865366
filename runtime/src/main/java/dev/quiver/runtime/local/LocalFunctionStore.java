package dev.quiver.runtime.local;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.Mode;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionSet;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.contract.Probes;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.revisions.TemplateHash;
import dev.quiver.api.traffic.TrafficResolution;
import dev.quiver.api.traffic.TrafficResolver;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RoutesAssembly;
import dev.quiver.runtime.routing.RouteCatalog;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The functions of a folder, run on the local platform: each subfolder with a {@code function.yaml} is validated,
 * built with Maven (or, with {@code spec.run}, copied to run its command: {@link RunCommandApp}), and becomes a
 * Function with revisions whose status reads exactly as in a cluster, {@code status.probes} included. A change
 * of template or code makes a new revision; it takes traffic only once a replica passes readiness. The routes of
 * each function are published as an immutable snapshot for the gateway.
 */
public final class LocalFunctionStore implements RouteCatalog, ReplicaListener {

    /** The namespace of every local function. */
    public static final String NAMESPACE = "default";

    private static final Logger LOG = Logger.getLogger(LocalFunctionStore.class);
    private static final String FUNCTION_YAML = FunctionYaml.FILE;
    /** The file in a function's folder that holds its API key when no env variable does ({@link LocalApiKeys}). */
    public static final String API_KEY_FILE = LocalApiKeys.FILE;

    private final LocalSettings settings;
    private final LocalPlatform platform;
    private final Clock clock;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final Map<String, FunctionRoutes> routes = new ConcurrentHashMap<>();
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
        this.builder = new FunctionBuilder(settings);
        this.state = LocalState.of(settings);
        platform.addReplicaListener(this);
    }

    /** Local functions all live in {@link #NAMESPACE}; any other namespace holds none. */
    @Override
    public Optional<FunctionRoutes> find(String namespace, String functionName) {
        return NAMESPACE.equals(namespace) ? Optional.ofNullable(routes.get(functionName)) : Optional.empty();
    }

    /** The local namespace, {@link #NAMESPACE}. */
    @Override
    public String defaultNamespace() {
        return NAMESPACE;
    }

    /** Every published route snapshot. */
    public List<FunctionRoutes> allRoutes() {
        return List.copyOf(routes.values());
    }

    /**
     * Looks at the functions folder once: new and changed functions are validated and built (this blocks for the
     * builds), new revisions are started, removed folders stop serving.
     */
    public void scan() {
        Set<Path> folders = functionFolders();
        for (Path folder : folders) {
            try {
                refresh(folder);
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot load the function in %s", folder);
            }
        }
        removeVanished(folders);
    }

    /** The function folders served: the functions folder's subfolders, or the folder itself when it is one function's. */
    private Set<Path> functionFolders() {
        if (Files.isRegularFile(settings.functionsDir().resolve(FUNCTION_YAML))) {
            return new LinkedHashSet<>(Set.of(settings.functionsDir()));
        }
        try (Stream<Path> children = Files.list(settings.functionsDir())) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(FUNCTION_YAML)))
                    .filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .sorted().collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the functions folder " + settings.functionsDir(), e);
        }
    }

    private void refresh(Path folder) {
        String yaml = FunctionYaml.read(folder);
        String stamp = SourceDigest.stamp(folder) + LocalApiKeys.fileStamp(folder);
        LocalFunction function;
        synchronized (this) {
            function = functions.values().stream().filter(f -> f.folder.equals(folder)).findFirst().orElse(null);
            if (function != null && yaml.equals(function.lastYaml) && stamp.equals(function.lastStamp)) {
                return;
            }
        }
        FunctionYaml parsed = FunctionYaml.parse(folder, yaml);
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
            reviseIfChanged(function);
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
        for (LocalRevision revision : state.restore(function)) {
            launch(function, revision);
            if (function.phases.get(revision.name()) == LocalRevision.Phase.CHECKING) {
                platform.scale(revision.ref(), 1); // it was checked when the runtime stopped: check it again
            }
        }
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
        conditions(function.resource).markNotReady("InvalidSpec", "function.yaml is invalid: " + message);
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
            conditions(function.resource).markUnknown(ConditionTypes.BUILD_SUCCEEDED, "Building",
                    run == null ? "mvn package is running" : "copying the folder to run '" + run + "'");
        }
        FunctionBuilder.Outcome outcome = builder.build(name, function.folder, run, digest, template,
                environment(name, template, settings));
        synchronized (this) {
            if (outcome.app() == null) {
                conditions(function.resource).markFalse(ConditionTypes.BUILD_SUCCEEDED, "BuildFailed", outcome.failure());
                return false;
            }
            function.built = outcome.app();
            conditions(function.resource).markTrue(ConditionTypes.BUILD_SUCCEEDED);
        }
        return true;
    }

    /** A new revision when the template or the code changed since the latest one. */
    private void reviseIfChanged(LocalFunction function) {
        Function resource = function.resource;
        BuiltApp built = function.built;
        String image = built.image();
        String hash = TemplateHash.of(image, resource.getSpec(), Map.of());
        LocalRevision latest = function.latest();
        if (latest != null && latest.templateHash().equals(hash)) {
            return;
        }
        String name = RevisionNames.next(function.name(), function.revisions.keySet());
        FunctionRevision revision = newRevision(resource, name, image, hash, now());
        revision.getStatus().observedGeneration = 1L;
        revision.getSpec().defaultProbe = built.defaultProbe();
        Probes.Effective probes = Probes.of(revision.getSpec().templateOrDefault(), built.defaultProbe());
        revision.getStatus().probes = probes.description();
        RevisionRef ref = new RevisionRef(NAMESPACE, function.name(), name);
        ConditionSet.REVISION.manage(revision.getStatus(), clock)
                .markUnknown(ConditionTypes.RESOURCES_AVAILABLE, "Deploying", "starting a replica")
                .markUnknown(ConditionTypes.CONTAINER_HEALTHY, "Deploying", "waiting for readiness ("
                        + Probes.describe(probes.readiness()) + ") to pass");
        LocalRevision local = new LocalRevision(revision, ref, hash, built);
        function.revisions.put(name, local);
        function.phases.put(name, LocalRevision.Phase.CHECKING);
        resource.getStatus().latestCreatedRevisionName = name;
        conditions(resource).markUnknown(ConditionTypes.LATEST_REVISION_READY, "RevisionStarting",
                name + " is starting; it takes traffic once it passes readiness");
        launch(function, local);
        LOG.infof("%s: starting revision %s", function.name(), name);
        // Start one replica (or min) now to check readiness; the autoscaler takes over once it is ready.
        platform.scale(ref, Math.max(1, resource.getSpec().templateOrDefault().scaleOrDefault().minOrDefault()));
    }

    /** Makes the revision known to the platform: how its replicas start. */
    private void launch(LocalFunction function, LocalRevision revision) {
        BuiltApp app = revision.app();
        platform.register(launchSpec(revision.resource(), app.folder(), app.aotCache(),
                settings.workDir().resolve("logs").resolve(function.name()), settings, app.run()));
    }

    /**
     * A new local revision of a function, as a cluster's controller would make it: the template as it is now, and the
     * routing headers its traffic rules read, fixed from now on. Public for the test that compares the platforms.
     */
    public static FunctionRevision newRevision(Function resource, String name, String image, String hash, Instant created) {
        String function = resource.getMetadata().getName();
        FunctionRevision revision = new FunctionRevision();
        revision.setMetadata(new ObjectMeta());
        revision.getMetadata().setName(name);
        revision.getMetadata().setNamespace(NAMESPACE);
        revision.getMetadata().setUid(UUID.randomUUID().toString());
        revision.getMetadata().setGeneration(1L);
        revision.getMetadata().setCreationTimestamp(created.toString());
        revision.getMetadata().setLabels(Map.of("quiver.dev/function", function));
        revision.getMetadata().setAnnotations(Map.of("quiver.dev/template-hash", hash));
        revision.getSpec().functionName = function;
        revision.getSpec().image = image;
        revision.getSpec().mode = resource.getSpec().modeOrDefault();
        revision.getSpec().template = ApiJson.copy(resource.getSpec().templateOrDefault(), FunctionTemplate.class);
        revision.getSpec().propagateHeaders = new ArrayList<>(FunctionEnvironment.propagatedHeaders(resource.getSpec().traffic));
        return revision;
    }

    /**
     * How replicas of a revision start: its app, and the environment of the function contract
     * ({@link FunctionEnvironment}), the same a cluster's pod gets. Public for the test that compares the platforms.
     */
    public static LaunchSpec launchSpec(FunctionRevision revision, Path app, Optional<Path> aotCache, Path logDir,
            LocalSettings settings) {
        return launchSpec(revision, app, aotCache, logDir, settings, null);
    }

    /**
     * As {@link #launchSpec(FunctionRevision, Path, Optional, Path, LocalSettings)}, for a function whose replicas run
     * {@code run} (its {@code spec.run}; null for a Java app). The probes are the revision's: its template's, else
     * its {@code spec.defaultProbe}.
     */
    public static LaunchSpec launchSpec(FunctionRevision revision, Path app, Optional<Path> aotCache, Path logDir,
            LocalSettings settings, String run) {
        RevisionRef ref = new RevisionRef(NAMESPACE, revision.getSpec().functionName, revision.getMetadata().getName());
        FunctionTemplate template = revision.getSpec().templateOrDefault();
        return new LaunchSpec(ref, app, environment(ref.function(), template, settings), List.copyOf(revision.getSpec().propagateHeaders),
                aotCache, logDir, Probes.of(template, revision.getSpec().defaultProbe), run);
    }

    /** The environment replicas share: the template's, after the addresses the platform offers (its own values win). */
    private static Map<String, String> environment(String function, FunctionTemplate template, LocalSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        template.env.forEach(var -> {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else {
                LOG.warnf("env %s takes its value from a reference, which the local platform cannot resolve; it is left out",
                        var.getName());
            }
        });
        return FunctionEnvironment.withAddresses(new FunctionEnvironment.Addresses(settings.gatewayUrl(), settings.natsUrl(),
                settings.tracing()), function, env, (name, value) -> value);
    }

    @Override
    public synchronized void replicaReady(RevisionRef ref) {
        LocalFunction function = functions.get(ref.function());
        if (function == null || function.phases.get(ref.revision()) != LocalRevision.Phase.CHECKING) {
            return;
        }
        LocalRevision revision = function.revisions.get(ref.revision());
        function.phases.put(ref.revision(), LocalRevision.Phase.READY);
        ConditionSet.REVISION.manage(revision.resource().getStatus(), clock)
                .markTrue(ConditionTypes.RESOURCES_AVAILABLE).markTrue(ConditionTypes.CONTAINER_HEALTHY);
        String latestReady = function.revisions.keySet().stream()
                .filter(name -> function.phases.get(name) == LocalRevision.Phase.READY)
                .max(Comparator.comparingInt(name -> RevisionNames.number(function.name(), name).orElse(0)))
                .orElse(null);
        function.resource.getStatus().latestReadyRevisionName = latestReady;
        resolveTraffic(function);
        state.save(functions.values());
        LOG.infof("%s is ready: %s (revision %s)", function.name(), functionUrl(function.name()), ref.revision());
    }

    @Override
    public synchronized void replicaFailed(RevisionRef ref, String message) {
        LocalFunction function = functions.get(ref.function());
        if (function == null || function.phases.get(ref.revision()) != LocalRevision.Phase.CHECKING) {
            return;
        }
        LocalRevision revision = function.revisions.get(ref.revision());
        function.phases.put(ref.revision(), LocalRevision.Phase.FAILED);
        ConditionSet.REVISION.manage(revision.resource().getStatus(), clock)
                .markTrue(ConditionTypes.RESOURCES_AVAILABLE)
                .markFalse(ConditionTypes.CONTAINER_HEALTHY, "ReadinessFailed", message);
        platform.scale(ref, 0);
        resolveTraffic(function);
        state.save(functions.values());
        LOG.errorf("%s: revision %s failed and takes no traffic: %s", function.name(), ref.revision(), message);
    }

    /** Resolves the wanted traffic against the ready revisions and publishes the routes when all of it resolves. */
    private void resolveTraffic(LocalFunction function) {
        Function resource = function.resource;
        String name = function.name();
        LocalRevision latest = function.latest();
        if (latest != null) {
            LocalRevision.Phase phase = function.phases.get(latest.name());
            if (phase == LocalRevision.Phase.READY) {
                conditions(resource).markTrue(ConditionTypes.LATEST_REVISION_READY);
            } else if (phase == LocalRevision.Phase.FAILED) {
                conditions(resource).markFalse(ConditionTypes.LATEST_REVISION_READY, "RevisionFailed", "revision "
                        + latest.name() + " failed: " + latest.resource().getStatus().condition(ConditionTypes.CONTAINER_HEALTHY).message);
            }
        }
        Set<String> ready = function.phases.entrySet().stream().filter(e -> e.getValue() == LocalRevision.Phase.READY)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        TrafficResolution resolution = TrafficResolver.resolve(function.wantedTraffic(),
                resource.getStatus().latestReadyRevisionName, function.revisions.keySet(), ready, functionUrl(name),
                rollouts == null ? null : rollouts.beforeResolve(function));
        conditions(resource).markTrue(ConditionTypes.TRIGGERS_READY);
        if (resolution.complete()) {
            conditions(resource).markTrue(ConditionTypes.ROUTES_READY);
            resource.getStatus().traffic = resolution.targets();
            routes.put(name, routesOf(function, resolution.targets()));
        } else {
            // Keep serving what was served before (as the controller does), and say why the new traffic is not.
            String message = resolution.problems().stream().map(TrafficResolution.Problem::message)
                    .collect(Collectors.joining("; "));
            boolean pending = resolution.problems().stream().allMatch(TrafficResolution.Problem::pending);
            TrafficResolution.Problem first = resolution.problems().get(0);
            if (pending) {
                conditions(resource).markUnknown(ConditionTypes.ROUTES_READY, first.reason(), message);
            } else {
                conditions(resource).markFalse(ConditionTypes.ROUTES_READY, first.reason(), message);
            }
            routes.putIfAbsent(name, routesOf(function, List.of()));
        }
    }

    private FunctionRoutes routesOf(LocalFunction function, List<TrafficTarget> targets) {
        FunctionTemplate template = function.resource.getSpec().templateOrDefault();
        return RoutesAssembly.of(NAMESPACE, function.name(), targets, function.resource.getSpec().sticky, name -> {
            LocalRevision revision = function.revisions.get(name);
            return RoutesAssembly.settings(revision.ref(), revision.resource().getSpec().templateOrDefault(),
                    template.scaleOrDefault());
        }, LocalApiKeys.sha256(function));
    }

    private synchronized void removeVanished(Set<Path> folders) {
        functions.values().removeIf(function -> {
            if (folders.contains(function.folder)) {
                return false;
            }
            LOG.infof("%s: its folder is gone; it is no longer served", function.name());
            routes.remove(function.name());
            function.revisions.values().forEach(revision -> platform.unregister(revision.ref()));
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
        Function candidate = FunctionYaml.forValidation(function.resource);
        candidate.getSpec().traffic = traffic;
        List<Problem> problems = new ArrayList<>(FunctionValidator.validate(candidate).stream()
                .filter(p -> p.path().startsWith("spec.traffic")).toList());
        for (int i = 0; i < traffic.size(); i++) {
            String revision = traffic.get(i).revisionName;
            if (revision != null && !function.revisions.containsKey(revision)) {
                problems.add(new Problem("spec.traffic[" + i + "].revisionName", "revision '" + revision
                        + "' does not exist; the revisions of " + name + " are " + function.revisions.keySet()));
            } else if (revision != null && function.phases.get(revision) == LocalRevision.Phase.FAILED) {
                problems.add(new Problem("spec.traffic[" + i + "].revisionName", "revision '" + revision
                        + "' failed readiness and cannot take traffic"));
            }
        }
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
        List<FunctionRevision> all = new ArrayList<>();
        for (LocalRevision revision : function.revisions.values()) {
            FunctionRevision copy = ApiJson.copy(revision.resource(), FunctionRevision.class);
            copy.getSpec().template.scale = function.resource.getSpec().templateOrDefault().scale;
            int actual = platform.readyEndpoints(revision.ref()).size();
            int desired = platform.desiredReplicas(revision.ref());
            copy.getSpec().replicas = desired;
            copy.getStatus().actualReplicas = actual;
            copy.getStatus().desiredReplicas = desired;
            ConditionSet.Manager conditions = ConditionSet.REVISION.manage(copy.getStatus(), clock);
            if (actual > 0) {
                conditions.markTrue(ConditionTypes.ACTIVE);
            } else {
                conditions.markFalse(ConditionTypes.ACTIVE, "NoReplicas", platform.frozenReplicas(revision.ref()) > 0
                        ? "scaled to zero; a frozen replica resumes on the next request" : "scaled to zero");
            }
            all.add(copy);
        }
        return Optional.of(all);
    }

    /** The revisions the published routes can choose, with their settings: what the autoscaler scales. */
    public List<RevisionSettings> servedRevisions() {
        return routes.values().stream().flatMap(r -> r.revisions().values().stream()).toList();
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

    private ConditionSet.Manager conditions(Function function) {
        return ConditionSet.FUNCTION.manage(function.getStatus(), clock);
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
