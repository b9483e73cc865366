package dev.quiver.controller.reconcilers;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.controller.resources.ConfigCopies;
import dev.quiver.controller.resources.ConfigReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ConfigMaps and Secrets a Function's template reads, as read now: their content digests feed the
 * template hash, and the same read objects are copied into the revision, so hash and copy always agree.
 */
final class ConfigSources {

    private final Map<ConfigReference, HasMetadata> found = new LinkedHashMap<>();
    private final List<ConfigReference> missing = new ArrayList<>();

    private ConfigSources() {
    }

    /** Reads every referenced object in the namespace. */
    static ConfigSources read(KubernetesClient client, String namespace, List<ConfigReference> references) {
        ConfigSources sources = new ConfigSources();
        for (ConfigReference ref : references) {
            HasMetadata object = ref.kind() == ConfigSnapshot.Kind.ConfigMap
                    ? client.configMaps().inNamespace(namespace).withName(ref.name()).get()
                    : client.secrets().inNamespace(namespace).withName(ref.name()).get();
            if (object != null) {
                sources.found.put(ref, object);
            } else if (!ref.optional()) {
                sources.missing.add(ref);
            }
        }
        return sources;
    }

    /** The references that exist. */
    List<ConfigReference> present() {
        return new ArrayList<>(found.keySet());
    }

    /** A message naming the missing mandatory objects, or null when none is missing. */
    String missingMessage(String namespace) {
        if (missing.isEmpty()) {
            return null;
        }
        List<String> names = missing.stream().map(ref -> ref.kind() + " '" + ref.name() + "'").toList();
        return String.join(", ", names) + " referenced by spec.template not found in namespace " + namespace
                + "; create it, or mark an envFrom reference optional";
    }

    /** "Kind/name" → content digest, for the template hash (absent optional objects count as absent). */
    Map<String, String> digests() {
        Map<String, String> digests = new TreeMap<>();
        found.forEach((ref, object) -> digests.put(ref.key(), object instanceof ConfigMap cm
                ? ConfigCopies.digest(cm) : ConfigCopies.digest((Secret) object)));
        return digests;
    }

    /**
     * Makes sure each immutable copy of the revision exists.
     *
     * @return the name of a copy that exists under someone else's control, or null when all are fine
     */
    String ensureCopies(KubernetesClient client, FunctionRevision revision) {
        String namespace = revision.getMetadata().getNamespace();
        for (var entry : found.entrySet()) {
            ConfigReference ref = entry.getKey();
            String copy = ChildNames.configCopy(revision.getMetadata().getName(), ref.kind(), ref.name());
            ChildWriter.Result<?> result = entry.getValue() instanceof ConfigMap cm
                    ? ChildWriter.createIfAbsent(client, client.configMaps().inNamespace(namespace).withName(copy).get(),
                            ConfigCopies.copyOf(cm, revision), revision)
                    : ChildWriter.createIfAbsent(client, client.secrets().inNamespace(namespace).withName(copy).get(),
                            ConfigCopies.copyOf((Secret) entry.getValue(), revision), revision);
            if (result.outcome() == ChildWriter.Outcome.NOT_OWNED) {
                return ref.kind() + " '" + copy + "'";
            }
        }
        return null;
    }
}
