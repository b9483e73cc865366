package dev.quiver.runtime.kubernetes;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.contract.Labels;
import dev.quiver.runtime.kubernetes.model.ReadyEndpoints;
import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Revisions as Deployments on Kubernetes. Ready endpoints come from an informer on the EndpointSlices of the
 * revisions' Services (one Service per revision, named after it), cached per revision so the gateway never waits
 * on the API server; replicas are changed through the FunctionRevision's scale subresource (the controller copies
 * {@code spec.replicas} to the Deployment), from a background thread so that no caller blocks.
 */
public final class KubernetesPlatform implements Platform, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesPlatform.class);
    private static final String BY_SERVICE = "service";
    private static final int CONFLICT_RETRIES = 3;

    private final KubernetesClient client;
    private final KubernetesRouteCatalog catalog;
    private final List<String> namespaces;
    private final Map<String, List<Endpoint>> ready = new ConcurrentHashMap<>();
    private final Map<RevisionRef, Integer> written = new ConcurrentHashMap<>();
    private final Set<RevisionRef> waking = ConcurrentHashMap.newKeySet();
    private final List<Consumer<RevisionRef>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quiver-k8s-scale");
        thread.setDaemon(true);
        return thread;
    });
    private Informers<EndpointSlice> slices;

    /** A platform over the namespaces (empty for all); the catalog names the revisions' functions. */
    public KubernetesPlatform(KubernetesClient client, KubernetesRouteCatalog catalog, List<String> namespaces) {
        this.client = client;
        this.catalog = catalog;
        this.namespaces = List.copyOf(namespaces);
    }

    /** Starts the EndpointSlice informer; returns once its cache is filled. */
    public KubernetesPlatform start() {
        slices = Informers.start(namespaces,
                ns -> ns == null
                        ? client.discovery().v1().endpointSlices().inAnyNamespace().withLabel(Labels.REVISION)
                        : client.discovery().v1().endpointSlices().inNamespace(ns).withLabel(Labels.REVISION),
                Map.of(BY_SERVICE, s -> List.of(serviceKey(s))), Informers.onAnyChange(this::sliceChanged));
        return this;
    }

    @Override
    public List<Endpoint> readyEndpoints(RevisionRef revision) {
        return ready.getOrDefault(key(revision.namespace(), revision.revision()), List.of());
    }

    @Override
    public void scale(RevisionRef revision, int replicas) {
        written.put(revision, replicas);
        writer.execute(() -> write(revision, replicas));
    }

    @Override
    public void wake(RevisionRef revision) {
        if (desiredReplicas(revision) > 0 || !waking.add(revision)) {
            return;
        }
        LOG.infof("%s is at zero replicas and a request waits: scaling to 1", revision);
        written.put(revision, 1);
        writer.execute(() -> {
            try {
                write(revision, 1);
            } finally {
                waking.remove(revision);
            }
        });
    }

    /**
     * The replicas asked for: what this runtime last wrote until the informer shows that value (or another
     * writer's newer one), then the cached revision's replicas ({@code spec.replicas}, or the initial count the
     * controller gives its Deployment while that is unset).
     */
    @Override
    public int desiredReplicas(RevisionRef revision) {
        Integer cached = catalog.revision(revision.namespace(), revision.revision())
                .map(r -> r.getSpec().replicasOrInitial()).orElse(null);
        Integer mine = written.get(revision);
        if (mine != null && !mine.equals(cached)) {
            return mine;
        }
        written.remove(revision, mine);
        return cached == null ? 0 : cached;
    }

    @Override
    public void addEndpointsListener(Consumer<RevisionRef> listener) {
        listeners.add(listener);
    }

    private void write(RevisionRef revision, int replicas) {
        for (int attempt = 1; ; attempt++) {
            try {
                FunctionRevision scaled = client.resources(FunctionRevision.class).inNamespace(revision.namespace())
                        .withName(revision.revision()).scale(replicas);
                LOG.debugf("%s: scaled to %d", revision, replicas);
                if (scaled == null) {
                    LOG.warnf("%s: cannot scale, the revision is gone", revision);
                    written.remove(revision);
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < CONFLICT_RETRIES) {
                    continue; // another replica scaled it in between: read the scale again and write ours
                }
                LOG.errorf("%s: scaling to %d failed: %s", revision, replicas, e.getMessage());
                written.remove(revision);
                return;
            }
        }
    }

    private void sliceChanged(EndpointSlice slice) {
        String key = serviceKey(slice);
        List<Endpoint> now = ReadyEndpoints.of(slices.byIndex(BY_SERVICE, key));
        List<Endpoint> before = now.isEmpty() ? ready.remove(key) : ready.put(key, now);
        if (Objects.equals(before == null ? List.of() : before, now)) {
            return;
        }
        String namespace = slice.getMetadata().getNamespace();
        String revision = slice.getMetadata().getLabels().get(Labels.REVISION);
        String function = slice.getMetadata().getLabels().get(Labels.FUNCTION);
        if (function == null) {
            function = catalog.revision(namespace, revision).map(r -> r.getSpec().functionName).orElse(revision);
        }
        RevisionRef ref = new RevisionRef(namespace, function, revision);
        LOG.debugf("%s: %d ready endpoints", ref, now.size());
        listeners.forEach(listener -> listener.accept(ref));
    }

    /** The namespace and name of the Service a slice belongs to (the revision's Service has the revision's name). */
    private static String serviceKey(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.getOrDefault(ReadyEndpoints.SERVICE_NAME_LABEL,
                labels.get(Labels.REVISION));
        return key(slice.getMetadata().getNamespace(), service);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        writer.shutdownNow();
        if (slices != null) {
            slices.close();
        }
    }
}
