package dev.quiver.controller.resources;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.MountedFiles;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A ConfigMap or Secret that a template reads, through {@code envFrom}, {@code env[].valueFrom},
 * {@code configFiles} or {@code secretFiles}.
 *
 * @param kind   ConfigMap or Secret
 * @param name   the object's name in the Function's namespace
 * @param optional true when the template marks the reference optional, so a missing object is no error
 */
public record ConfigReference(ConfigSnapshot.Kind kind, String name, boolean optional) {

    /** The key under which the object's content digest enters the template hash. */
    public String key() {
        return kind + "/" + name;
    }

    /** Every distinct object the template reads, in the order of first mention. */
    public static List<ConfigReference> of(FunctionTemplate template) {
        Set<ConfigReference> found = new LinkedHashSet<>();
        for (EnvFromSource source : template.envFrom) {
            if (source.getConfigMapRef() != null) {
                found.add(new ConfigReference(ConfigSnapshot.Kind.ConfigMap, source.getConfigMapRef().getName(),
                        Boolean.TRUE.equals(source.getConfigMapRef().getOptional())));
            }
            if (source.getSecretRef() != null) {
                found.add(new ConfigReference(ConfigSnapshot.Kind.Secret, source.getSecretRef().getName(),
                        Boolean.TRUE.equals(source.getSecretRef().getOptional())));
            }
        }
        for (EnvVar env : template.env) {
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                found.add(new ConfigReference(ConfigSnapshot.Kind.ConfigMap, env.getValueFrom().getConfigMapKeyRef().getName(),
                        Boolean.TRUE.equals(env.getValueFrom().getConfigMapKeyRef().getOptional())));
            }
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                found.add(new ConfigReference(ConfigSnapshot.Kind.Secret, env.getValueFrom().getSecretKeyRef().getName(),
                        Boolean.TRUE.equals(env.getValueFrom().getSecretKeyRef().getOptional())));
            }
        }
        for (MountedFiles files : template.configFiles) {
            found.add(new ConfigReference(ConfigSnapshot.Kind.ConfigMap, files.name, false));
        }
        for (MountedFiles files : template.secretFiles) {
            found.add(new ConfigReference(ConfigSnapshot.Kind.Secret, files.name, false));
        }
        return new ArrayList<>(dropOptionalDuplicates(found));
    }

    // A name referenced both optionally and mandatorily counts once, as mandatory.
    private static Set<ConfigReference> dropOptionalDuplicates(Set<ConfigReference> found) {
        Set<ConfigReference> result = new LinkedHashSet<>();
        for (ConfigReference ref : found) {
            if (ref.optional && found.contains(new ConfigReference(ref.kind, ref.name, false))) {
                continue;
            }
            result.add(ref);
        }
        return result;
    }
}
