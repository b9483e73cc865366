package dev.quiver.standin;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The garbage collector the mock API server lacks: deletes objects every one of whose owners (by uid) is gone.
 * Owners of a kind the collector does not list count as present, so nothing is deleted on a guess.
 */
final class GarbageCollector {

    private final KubernetesClient client;
    /** Kind → how to list every object of it; these are both the dependents checked and the owners known. */
    private final Map<String, Supplier<List<? extends HasMetadata>>> kinds;

    GarbageCollector(KubernetesClient client) {
        this.client = client;
        this.kinds = Map.ofEntries(
                Map.entry("Function", () -> client.resources(Function.class).inAnyNamespace().list().getItems()),
                Map.entry("FunctionRevision", () -> client.resources(FunctionRevision.class).inAnyNamespace().list().getItems()),
                Map.entry("Deployment", () -> client.apps().deployments().inAnyNamespace().list().getItems()),
                Map.entry("Job", () -> client.batch().v1().jobs().inAnyNamespace().list().getItems()),
                Map.entry("CronJob", () -> client.batch().v1().cronjobs().inAnyNamespace().list().getItems()),
                Map.entry("Service", () -> client.services().inAnyNamespace().list().getItems()),
                Map.entry("PodTemplate", () -> client.resources(PodTemplate.class).inAnyNamespace().list().getItems()),
                Map.entry("ConfigMap", () -> client.configMaps().inAnyNamespace().list().getItems()),
                Map.entry("Secret", () -> client.secrets().inAnyNamespace().list().getItems()),
                Map.entry("EndpointSlice", () -> client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems()),
                Map.entry("Pod", () -> client.pods().inAnyNamespace().list().getItems()));
    }

    /** One collection round. */
    void collect() {
        Map<String, List<? extends HasMetadata>> objects = new HashMap<>();
        Set<String> uids = new HashSet<>();
        for (Map.Entry<String, Supplier<List<? extends HasMetadata>>> kind : kinds.entrySet()) {
            try {
                List<? extends HasMetadata> items = kind.getValue().get();
                objects.put(kind.getKey(), items);
                items.forEach(o -> uids.add(o.getMetadata().getUid()));
            } catch (KubernetesClientException e) {
                return; // an incomplete picture: collect nothing this round
            }
        }
        List<HasMetadata> orphans = new ArrayList<>();
        for (List<? extends HasMetadata> items : objects.values()) {
            for (HasMetadata object : items) {
                List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
                if (owners == null || owners.isEmpty() || object.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                boolean allGone = owners.stream().allMatch(o -> kinds.containsKey(o.getKind()) && !uids.contains(o.getUid()));
                if (allGone) {
                    orphans.add(object);
                }
            }
        }
        for (HasMetadata orphan : orphans) {
            try {
                client.resource(orphan).delete();
            } catch (KubernetesClientException e) {
                // gone already, or again next round
            }
        }
    }
}
