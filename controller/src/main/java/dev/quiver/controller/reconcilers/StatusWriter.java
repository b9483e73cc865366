package dev.quiver.controller.reconcilers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.List;
import java.util.Map;

/**
 * Writes a status as a JSON patch of {@code /status} alone, so that a status computed from an older read of
 * the object can never carry that older spec back over a user's newer edit.
 */
final class StatusWriter {

    private StatusWriter() {
    }

    /** Replaces the object's status on the status subresource. */
    static <T extends HasMetadata> void write(KubernetesClient client, T resource, Object status) {
        String patch = client.getKubernetesSerialization()
                .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
        client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    }
}
