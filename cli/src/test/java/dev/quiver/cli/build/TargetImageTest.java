package dev.quiver.cli.build;

import dev.quiver.api.BuildSpec;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetImageTest {

    @Test
    void registryOptionPushesUnderTheFunctionsName() {
        assertThat(TargetImage.resolve("localhost:5000/", null, function("hello", "other/x:1", null), false))
                .isEqualTo("localhost:5000/hello:latest");
    }

    @Test
    void imageOptionNamesTheRepositoryAndMayCarryATag() {
        assertThat(TargetImage.resolve("registry.local/team", "fn:v2", function("hello", null, null), false))
                .isEqualTo("registry.local/team/fn:v2");
    }

    @Test
    void withoutOptionsTheBuildRegistryOfFunctionYamlIsUsed() {
        assertThat(TargetImage.resolve(null, null, function("hello", null, "registry.local/team/hello"), false))
                .isEqualTo("registry.local/team/hello:latest");
    }

    @Test
    void withoutOptionsTheRepositoryOfSpecImageIsUsedWithoutItsDigest() {
        assertThat(TargetImage.resolve(null, null,
                function("hello", "localhost:5000/quiver/hello@sha256:" + "a".repeat(64), null), false))
                .isEqualTo("localhost:5000/quiver/hello:latest");
    }

    @Test
    void aPortIsNotTakenForATag() {
        assertThat(TargetImage.repositoryOf("localhost:5000/hello")).isEqualTo("localhost:5000/hello");
        assertThat(TargetImage.repositoryOf("localhost:5000/hello:1.0")).isEqualTo("localhost:5000/hello");
    }

    @Test
    void nothingNamingARegistryIsAnErrorThatSaysWhatToGive() {
        assertThatThrownBy(() -> TargetImage.resolve(null, null, function("hello", null, null), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--registry");
    }

    @Test
    void aTarNeedsOnlyAName() {
        assertThat(TargetImage.resolve(null, null, function("hello", null, null), true)).isEqualTo("hello:latest");
    }

    private static Function function(String name, String image, String buildRegistry) {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withName(name).build());
        FunctionSpec spec = new FunctionSpec();
        spec.image = image;
        if (buildRegistry != null) {
            spec.build = new BuildSpec();
            spec.build.registry = buildRegistry;
        }
        function.setSpec(spec);
        return function;
    }
}
