package dev.quiver.controller.resources;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.MountedFiles;
import dev.quiver.api.testing.Revisions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceTest {

    @Test
    void collectsEveryReferencedObjectOnce() {
        FunctionTemplate template = new FunctionTemplate();
        template.envFrom.add(new EnvFromSourceBuilder().withNewConfigMapRef().withName("settings").withOptional(true).endConfigMapRef().build());
        template.configFiles.add(MountedFiles.of("settings", "/etc/settings"));
        template.secretFiles.add(MountedFiles.of("creds", "/etc/creds"));

        assertThat(ConfigReference.of(template)).containsExactly(
                new ConfigReference(ConfigSnapshot.Kind.ConfigMap, "settings", false),
                new ConfigReference(ConfigSnapshot.Kind.Secret, "creds", false));
    }

    @Test
    void copyIsImmutableAndDigestFollowsContent() {
        ConfigMap v1 = new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().withData(Map.of("k", "1")).build();
        ConfigMap v2 = new ConfigMapBuilder(v1).withData(Map.of("k", "2")).build();

        ConfigMap copy = ConfigCopies.copyOf(v1, Revisions.revision("hello", 4));

        assertThat(copy.getImmutable()).isTrue();
        assertThat(copy.getMetadata().getName()).isEqualTo("hello-00004-cm-settings");
        assertThat(copy.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("hello-00004");
        assertThat(ConfigCopies.digest(v1)).isNotEqualTo(ConfigCopies.digest(v2));
    }
}
