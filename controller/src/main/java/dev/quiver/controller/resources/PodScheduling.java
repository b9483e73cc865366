package dev.quiver.controller.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.quiver.api.ApiJson;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where and how every function pod runs, set by the operator for the whole cluster
 * ({@code quiver.controller.functions.*}): node labels it needs, taints it tolerates, Secrets for pulling images
 * from a private registry (which must exist in each function namespace) and its RuntimeClass (e.g. gVisor for
 * untrusted code). A Function cannot set these itself, so one tenant cannot pick another tenant's nodes.
 *
 * @param nodeSelector     node labels the pod's node must have
 * @param tolerations      taints the pod tolerates
 * @param imagePullSecrets names of Secrets in the function's namespace for pulling its image
 * @param runtimeClassName the pod's RuntimeClass; empty = the cluster's default
 */
public record PodScheduling(Map<String, String> nodeSelector, List<Toleration> tolerations, List<String> imagePullSecrets,
        Optional<String> runtimeClassName) {

    /** Copies the collections. */
    public PodScheduling {
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        imagePullSecrets = List.copyOf(imagePullSecrets);
    }

    /** Nothing set: pods go wherever the scheduler puts them, with the cluster's defaults. */
    public static PodScheduling none() {
        return new PodScheduling(Map.of(), List.of(), List.of(), Optional.empty());
    }

    /**
     * The settings as the controller's configuration writes them.
     *
     * @param nodeSelector     {@code key=value} entries, e.g. {@code kubernetes.io/os=linux}
     * @param tolerations      a JSON array of Kubernetes tolerations, e.g.
     *                         {@code [{"key":"dedicated","operator":"Equal","value":"functions","effect":"NoSchedule"}]}
     * @param imagePullSecrets Secret names
     * @param runtimeClassName a RuntimeClass name
     * @throws IllegalArgumentException naming the setting that cannot be read
     */
    public static PodScheduling parse(List<String> nodeSelector, Optional<String> tolerations, List<String> imagePullSecrets,
            Optional<String> runtimeClassName) {
        Map<String, String> selector = new TreeMap<>();
        for (String entry : nodeSelector) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("quiver.controller.functions.node-selector: '" + entry
                        + "' is not key=value");
            }
            selector.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        List<String> secrets = imagePullSecrets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new PodScheduling(selector, parseTolerations(tolerations.map(String::trim).filter(t -> !t.isEmpty())),
                secrets, runtimeClassName.map(String::trim).filter(r -> !r.isEmpty()));
    }

    private static List<Toleration> parseTolerations(Optional<String> json) {
        if (json.isEmpty()) {
            return List.of();
        }
        try {
            List<Toleration> tolerations = ApiJson.json().readValue(json.get(), new TypeReference<List<Toleration>>() { });
            return tolerations == null ? List.of() : tolerations;
        } catch (JsonProcessingException e) {
            // The message says where the JSON breaks, not what it holds: a toleration is no secret, but keep it short.
            throw new IllegalArgumentException("quiver.controller.functions.tolerations is not a JSON array of tolerations: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Sets the fields on a pod; a pod gets nothing from settings that are empty. */
    void applyTo(PodSpec pod) {
        if (!nodeSelector.isEmpty()) {
            pod.setNodeSelector(new TreeMap<>(nodeSelector));
        }
        if (!tolerations.isEmpty()) {
            pod.setTolerations(tolerations.stream().map(t -> ApiJson.copy(t, Toleration.class)).toList());
        }
        if (!imagePullSecrets.isEmpty()) {
            List<LocalObjectReference> references = new ArrayList<>();
            imagePullSecrets.forEach(name -> references.add(new LocalObjectReference(name)));
            pod.setImagePullSecrets(references);
        }
        runtimeClassName.ifPresent(pod::setRuntimeClassName);
    }
}
