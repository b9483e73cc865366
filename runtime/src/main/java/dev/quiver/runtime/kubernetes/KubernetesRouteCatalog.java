package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.Mode;
import dev.quiver.runtime.kubernetes.model.ClusterRoutes;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The routes of every Function in the watched namespaces, kept by informers on Functions and FunctionRevisions:
 * each change rebuilds that one function's immutable {@link FunctionRoutes}, so lookups never call the API server.
 * Functions are found by namespace and name; {@code /fn/<name>} means the default namespace's function (see
 * {@link dev.quiver.runtime.routing.FunctionAddress} for the rule), so a function of the same name elsewhere
 * never takes its traffic. A default-namespace function named like another namespace shadows that namespace's
 * qualified URLs; that is logged once.
 */
public final class KubernetesRouteCatalog implements RouteCatalog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesRouteCatalog.class);
    private static final String BY_FUNCTION = "function";

    private final KubernetesClient client;
    private final ApiKeySecrets apiKeys;
    private final List<String> namespaces;
    private final Map<String, FunctionRoutes> byKey = new ConcurrentHashMap<>();
    /** The routes by namespace, then name: what the gateway reads, two lock-free lookups without allocation. */
    private final Map<String, Map<String, FunctionRoutes>> byNamespace = new ConcurrentHashMap<>();
    private final String defaultNamespace;
    private final Set<String> shadowWarned = ConcurrentHashMap.newKeySet();
    private final List<Consumer<FunctionRoutes>> listeners = new CopyOnWriteArrayList<>();
    private Informers<Function> functions;
    private Informers<FunctionRevision> revisions;

    /**
     * A catalog over the namespaces (empty for all); {@link #start()} fills it.
     *
     * @param defaultNamespace the namespace {@code /fn/<name>} means
     */
    public KubernetesRouteCatalog(KubernetesClient client, List<String> namespaces, String defaultNamespace) {
        this.client = client;
        this.apiKeys = new ApiKeySecrets(client);
        this.namespaces = List.copyOf(namespaces);
        this.defaultNamespace = defaultNamespace;
    }

    /** A catalog whose default namespace is the first watched one ({@code default} when all are watched). */
    public KubernetesRouteCatalog(KubernetesClient client, List<String> namespaces) {
        this(client, namespaces, namespaces.isEmpty() ? "default" : namespaces.get(0));
    }

    /** Starts the informers and returns once their caches are filled and every function's routes are built. */
    public KubernetesRouteCatalog start() {
        revisions = Informers.start(namespaces,
                ns -> ns == null ? client.resources(FunctionRevision.class).inAnyNamespace()
                        : client.resources(FunctionRevision.class).inNamespace(ns),
                Map.of(BY_FUNCTION, r -> List.of(key(r.getMetadata().getNamespace(), r.getSpec().functionName))),
                Informers.onAnyChange(r -> refresh(r.getMetadata().getNamespace(), r.getSpec().functionName)));
        functions = Informers.start(namespaces,
                ns -> ns == null ? client.resources(Function.class).inAnyNamespace()
                        : client.resources(Function.class).inNamespace(ns),
                Map.of(), Informers.onAnyChange(f -> refresh(f.getMetadata().getNamespace(), f.getMetadata().getName())));
        functions.all().forEach(f -> refresh(f.getMetadata().getNamespace(), f.getMetadata().getName()));
        return this;
    }

    @Override
    public Optional<FunctionRoutes> find(String namespace, String functionName) {
        Map<String, FunctionRoutes> names = byNamespace.get(namespace);
        return names == null ? Optional.empty() : Optional.ofNullable(names.get(functionName));
    }

    @Override
    public String defaultNamespace() {
        return defaultNamespace;
    }

    /** Every function's routes (one per namespace and name). */
    public List<FunctionRoutes> allRoutes() {
        return List.copyOf(byKey.values());
    }

    /** Calls the listener whenever a function's routes are replaced. */
    public void addRoutesListener(Consumer<FunctionRoutes> listener) {
        listeners.add(listener);
    }

    /** The revisions the routes can choose, with their settings: what the autoscaler scales. */
    public List<RevisionSettings> servedRevisions() {
        return byKey.values().stream().flatMap(r -> r.revisions().values().stream()).toList();
    }

    /** Reads the API keys of functions with ApiKey auth again, so that a rotated key takes effect. */
    public void refreshApiKeys() {
        byKey.values().stream().filter(FunctionRoutes::requiresApiKey).toList()
                .forEach(routes -> refresh(routes.namespace(), routes.function()));
    }

    /**
     * Reads again the API keys whose last read failed and whose backoff has passed (a second at first, up to half a
     * minute), so that a function whose key was never read serves soon after the API server is back.
     */
    public void retryApiKeys() {
        for (String id : apiKeys.due()) {
            int slash = id.indexOf('/');
            refresh(id.substring(0, slash), id.substring(slash + 1));
        }
    }

    /** Every Function in the watched namespaces, as cached. */
    public List<Function> functions() {
        return functions.all().toList();
    }

    /** The cached Function, or empty. */
    public Optional<Function> function(String namespace, String name) {
        return Optional.ofNullable(functions.get(namespace, name));
    }

    /** The cached FunctionRevision, or empty. */
    public Optional<FunctionRevision> revision(String namespace, String name) {
        return Optional.ofNullable(revisions.get(namespace, name));
    }

    /** The cached FunctionRevisions of one function, any mode, in no particular order. */
    public List<FunctionRevision> revisionsOf(String namespace, String function) {
        return revisions.byIndex(BY_FUNCTION, key(namespace, function));
    }

    /** Every cached FunctionRevision in mode Service. */
    public List<FunctionRevision> serviceRevisions() {
        return revisions.all().filter(r -> r.getSpec().mode != Mode.Job).toList();
    }

    /** The reference of a cached revision. */
    public static RevisionRef ref(FunctionRevision revision) {
        return new RevisionRef(revision.getMetadata().getNamespace(), revision.getSpec().functionName,
                revision.getMetadata().getName());
    }

    private synchronized void refresh(String namespace, String name) {
        if (functions == null || name == null) {
            return; // the Function informer is not started yet: start() builds every function once it is
        }
        String key = key(namespace, name);
        Function function = functions.get(namespace, name);
        if (function == null) {
            apiKeys.forget(key);
            if (byKey.remove(key) != null) {
                LOG.infof("%s: the Function is gone; it is no longer served", key);
            }
        } else {
            Map<String, FunctionRevision> known = revisions.byIndex(BY_FUNCTION, key).stream()
                    .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r, (a, b) -> a));
            Optional<FunctionRoutes> routes = ClusterRoutes.of(function, known)
                    .map(r -> r.withApiKeySha256(apiKeys.digestFor(function)));
            if (routes.isEmpty()) {
                LOG.debugf("%s: its traffic names a revision not seen yet; serving the previous routes", key);
                return;
            }
            FunctionRoutes previous = byKey.put(key, routes.get());
            if (previous == null || !previous.table().tags().equals(routes.get().table().tags())
                    || !previous.revisions().equals(routes.get().revisions())) {
                LOG.debugf("%s: routes to %s", key, routes.get().revisions().keySet());
            }
        }
        FunctionRoutes now = byKey.get(key);
        reindex(namespace, name, now);
        if (now != null) {
            listeners.forEach(l -> l.accept(now));
        }
    }

    /** Publishes the function's routes (or their absence) where {@link #find} reads them. */
    private void reindex(String namespace, String name, FunctionRoutes routes) {
        if (routes != null) {
            byNamespace.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>()).put(name, routes);
        } else {
            Map<String, FunctionRoutes> names = byNamespace.get(namespace);
            if (names != null) {
                names.remove(name);
            }
        }
        warnOfShadowing();
    }

    /** Logs once per name when a default-namespace function's name is a namespace whose functions it shadows. */
    private void warnOfShadowing() {
        Map<String, FunctionRoutes> defaults = byNamespace.getOrDefault(defaultNamespace, Map.of());
        for (String name : defaults.keySet()) {
            Map<String, FunctionRoutes> shadowed = byNamespace.get(name);
            if (!name.equals(defaultNamespace) && shadowed != null && !shadowed.isEmpty() && shadowWarned.add(name)) {
                LOG.warnf("function %s/%s is named like namespace %s: /fn/%s/<name> reaches %s/%s, not the functions "
                        + "of namespace %s; use another name or namespace", defaultNamespace, name, name, name,
                        defaultNamespace, name, name);
            }
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        if (functions != null) {
            functions.close();
        }
        if (revisions != null) {
            revisions.close();
        }
    }
}
