package dev.quiver.runtime.local;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.conditions.RevisionLifecycle;
import dev.quiver.api.contract.FunctionEnvironment;
import dev.quiver.api.contract.Probes;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.revisions.RevisionSnapshot;
import dev.quiver.api.revisions.TemplateHash;
import dev.quiver.runtime.platform.RevisionRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The revisions of the local platform's functions: made from the Function as a cluster's controller makes them
 * ({@link RevisionSnapshot}), registered on the platform to start replicas, and marked deploying, ready or failed
 * through {@link RevisionLifecycle}, as the controller marks them, so a revision reads the same on both. The instance
 * methods run under the store's lock; the static ones are pure, and public for the tests that compare the platforms.
 */
public final class LocalRevisions {

    private static final Logger LOG = Logger.getLogger(LocalRevisions.class);

    private final LocalSettings settings;
    private final LocalPlatform platform;
    private final Clock clock;

    LocalRevisions(LocalSettings settings, LocalPlatform platform, Clock clock) {
        this.settings = settings;
        this.platform = platform;
        this.clock = clock;
    }

    /**
     * A new local revision of a function: the {@link RevisionSnapshot}, with what an API server would add (namespace,
     * uid, generation, creation time).
     */
    public static FunctionRevision newRevision(Function resource, String name, String image, String hash, Instant created) {
        FunctionRevision revision = RevisionSnapshot.of(resource, name, image, hash);
        revision.getMetadata().setNamespace(LocalFunctionStore.NAMESPACE);
        revision.getMetadata().setUid(UUID.randomUUID().toString());
        revision.getMetadata().setGeneration(1L);
        revision.getMetadata().setCreationTimestamp(created.toString());
        return revision;
    }

    /** A new revision's status: its probes, and Deploying while {@code desired} replicas start. */
    public static void markStarting(FunctionRevision revision, int desired, Clock clock) {
        revision.getStatus().observedGeneration = revision.getMetadata().getGeneration();
        revision.getStatus().probes = Probes.of(revision.getSpec().templateOrDefault(), revision.getSpec().defaultProbe)
                .description();
        RevisionLifecycle.of(revision.getStatus(), clock).markDeploying(0, desired);
    }

    /** A replica of the revision passed readiness. */
    public static void markReady(FunctionRevision revision, Clock clock) {
        RevisionLifecycle.of(revision.getStatus(), clock).markReady();
    }

    /** The revision's replica failed readiness (or exited) before it ever became ready. */
    public static void markFailed(FunctionRevision revision, String message, Clock clock) {
        RevisionLifecycle.of(revision.getStatus(), clock).markFailed(RevisionLifecycle.READINESS_FAILED, message);
    }

    /** A copy of the revision as the API shows it now: with its replica counts and whether it is Active. */
    public static FunctionRevision withReplicas(FunctionRevision revision, int actual, int desired, boolean frozen, Clock clock) {
        FunctionRevision copy = ApiJson.copy(revision, FunctionRevision.class);
        copy.getSpec().replicas = desired;
        copy.getStatus().actualReplicas = actual;
        copy.getStatus().desiredReplicas = desired;
        RevisionLifecycle.of(copy.getStatus(), clock).markActivity(actual, desired, frozen);
        return copy;
    }

    /** Registers the restored revisions on the platform; one that was being checked when the runtime stopped is checked again. */
    void restore(LocalFunction function, List<LocalRevision> restored) {
        for (LocalRevision revision : restored) {
            launch(function, revision);
            if (function.phases.get(revision.name()) == LocalRevision.Phase.CHECKING) {
                platform.scale(revision.ref(), 1);
            }
        }
    }

    /**
     * A new revision when the template or the code changed since the latest one: registered and starting one
     * replica (or min) to check readiness; the autoscaler takes over once it is ready.
     *
     * @return whether a revision was made
     */
    boolean reviseIfChanged(LocalFunction function) {
        Function resource = function.resource;
        BuiltApp built = function.built;
        String hash = TemplateHash.of(built.image(), resource.getSpec(), Map.of());
        LocalRevision latest = function.latest();
        if (latest != null && latest.templateHash().equals(hash)) {
            return false;
        }
        String name = RevisionNames.next(function.name(), function.revisions.keySet());
        FunctionRevision revision = newRevision(resource, name, built.image(), hash, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
        revision.getSpec().defaultProbe = built.defaultProbe();
        int replicas = Math.max(1, resource.getSpec().templateOrDefault().scaleOrDefault().minOrDefault());
        markStarting(revision, replicas, clock);
        RevisionRef ref = new RevisionRef(LocalFunctionStore.NAMESPACE, function.name(), name);
        LocalRevision local = new LocalRevision(revision, ref, hash, built);
        function.revisions.put(name, local);
        function.phases.put(name, LocalRevision.Phase.CHECKING);
        resource.getStatus().latestCreatedRevisionName = name;
        launch(function, local);
        LOG.infof("%s: starting revision %s", function.name(), name);
        platform.scale(ref, replicas);
        return true;
    }

    /** A replica of a revision being checked passed readiness: it is ready, and may be the latest ready one. */
    boolean replicaReady(LocalFunction function, RevisionRef ref) {
        if (function.phases.get(ref.revision()) != LocalRevision.Phase.CHECKING) {
            return false;
        }
        function.phases.put(ref.revision(), LocalRevision.Phase.READY);
        markReady(function.revisions.get(ref.revision()).resource(), clock);
        function.resource.getStatus().latestReadyRevisionName = function.revisions.keySet().stream()
                .filter(name -> function.phases.get(name) == LocalRevision.Phase.READY)
                .max(Comparator.comparingInt(name -> RevisionNames.number(function.name(), name).orElse(0)))
                .orElse(null);
        return true;
    }

    /** A replica of a revision being checked failed: the revision fails, takes no traffic and is scaled to zero. */
    boolean replicaFailed(LocalFunction function, RevisionRef ref, String message) {
        if (function.phases.get(ref.revision()) != LocalRevision.Phase.CHECKING) {
            return false;
        }
        function.phases.put(ref.revision(), LocalRevision.Phase.FAILED);
        markFailed(function.revisions.get(ref.revision()).resource(), message, clock);
        platform.scale(ref, 0);
        return true;
    }

    /** The function's revisions, oldest first, with their replica counts as of now. */
    List<FunctionRevision> view(LocalFunction function) {
        List<FunctionRevision> all = new ArrayList<>();
        for (LocalRevision revision : function.revisions.values()) {
            FunctionRevision copy = withReplicas(revision.resource(), platform.readyEndpoints(revision.ref()).size(),
                    platform.desiredReplicas(revision.ref()), platform.frozenReplicas(revision.ref()) > 0, clock);
            copy.getSpec().template.scale = function.resource.getSpec().templateOrDefault().scale;
            all.add(copy);
        }
        return all;
    }

    /** Stops serving the function's revisions. */
    void unregister(LocalFunction function) {
        function.revisions.values().forEach(revision -> platform.unregister(revision.ref()));
    }

    /** Makes the revision known to the platform: how its replicas start. */
    private void launch(LocalFunction function, LocalRevision revision) {
        BuiltApp app = revision.app();
        platform.register(launchSpec(revision.resource(), app.folder(), app.aotCache(),
                settings.workDir().resolve("logs").resolve(function.name()), settings, app.run()));
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
        RevisionRef ref = new RevisionRef(LocalFunctionStore.NAMESPACE, revision.getSpec().functionName,
                revision.getMetadata().getName());
        FunctionTemplate template = revision.getSpec().templateOrDefault();
        return new LaunchSpec(ref, app, environment(ref.function(), template, settings), List.copyOf(revision.getSpec().propagateHeaders),
                aotCache, logDir, Probes.of(template, revision.getSpec().defaultProbe), run);
    }

    /** The environment replicas share: the template's, after the addresses the platform offers (its own values win). */
    static Map<String, String> environment(String function, FunctionTemplate template, LocalSettings settings) {
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
}
