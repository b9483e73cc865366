package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ConfigMaps and Secrets of a pod's namespace that its environment and volumes name, read from the API when its
 * container starts; a missing one that is not optional holds the container back ({@link Launch.ConfigException}).
 */
final class PodConfigSources {

    private final KubernetesClient client;
    private final String namespace;

    PodConfigSources(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** A ConfigMap's data; empty when it is missing and optional. */
    Map<String, String> configMap(String name, boolean optional) throws Launch.ConfigException {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
            if (optional) {
                return Map.of();
            }
            throw new Launch.ConfigException("configmap \"" + name + "\" not found");
        }
        Map<String, String> data = new TreeMap<>();
        if (map.getData() != null) {
            data.putAll(map.getData());
        }
        return data;
    }

    /** A Secret's data, decoded as UTF-8 text; empty when it is missing and optional. */
    Map<String, String> secret(String name, boolean optional) throws Launch.ConfigException {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            if (optional) {
                return Map.of();
            }
            throw new Launch.ConfigException("secret \"" + name + "\" not found");
        }
        Map<String, String> data = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    /** A Secret's data as bytes, for volume files; empty when it is missing and optional. */
    Map<String, byte[]> secretBytes(String name, boolean optional) throws Launch.ConfigException {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            if (optional) {
                return Map.of();
            }
            throw new Launch.ConfigException("secret \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }
}
