package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod's volumes as local folders (configMap, secret and emptyDir; other kinds are not emulated). There is no
 * mount namespace: a volume's files are not at its mountPath, so {@link Launch} rewrites arguments that name one.
 */
final class PodVolumes {

    private PodVolumes() {
    }

    /**
     * Writes configMap/secret volumes and makes emptyDirs under {@code podDir/volumes/<name>}, and puts where the
     * container mounts each into {@code mounts} (mount path to local folder).
     */
    static void write(Pod pod, Container container, Path podDir, PodConfigSources sources, Map<String, Path> mounts)
            throws Launch.ConfigException, IOException {
        if (pod.getSpec().getVolumes() == null) {
            return;
        }
        Map<String, Path> byVolume = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes()) {
            Path dir = podDir.resolve("volumes").resolve(volume.getName());
            Map<String, byte[]> files = null;
            List<KeyToPath> items = null;
            if (volume.getConfigMap() != null) {
                files = new TreeMap<>();
                for (Map.Entry<String, String> e : sources.configMap(volume.getConfigMap().getName(),
                        Boolean.TRUE.equals(volume.getConfigMap().getOptional())).entrySet()) {
                    files.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                items = volume.getConfigMap().getItems();
            } else if (volume.getSecret() != null) {
                files = sources.secretBytes(volume.getSecret().getSecretName(), Boolean.TRUE.equals(volume.getSecret().getOptional()));
                items = volume.getSecret().getItems();
            } else if (volume.getEmptyDir() == null) {
                continue; // other volume kinds are not emulated
            }
            Files.createDirectories(dir);
            if (files != null) {
                Tar.deleteTree(dir);
                Files.createDirectories(dir);
                Map<String, String> paths = new LinkedHashMap<>();
                if (items != null && !items.isEmpty()) {
                    items.forEach(item -> paths.put(item.getKey(), item.getPath()));
                } else {
                    files.keySet().forEach(k -> paths.put(k, k));
                }
                for (Map.Entry<String, String> p : paths.entrySet()) {
                    byte[] content = files.get(p.getKey());
                    if (content != null) {
                        Path file = dir.resolve(p.getValue()).normalize();
                        if (file.startsWith(dir)) {
                            Files.createDirectories(file.getParent());
                            Files.write(file, content);
                        }
                    }
                }
            }
            byVolume.put(volume.getName(), dir);
        }
        if (container.getVolumeMounts() != null) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                Path dir = byVolume.get(mount.getName());
                if (dir != null) {
                    mounts.put(mount.getMountPath(), mount.getSubPath() == null || mount.getSubPath().isEmpty() ? dir
                            : dir.resolve(mount.getSubPath()));
                }
            }
        }
    }
}
