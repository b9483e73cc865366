package dev.quiver.controller.resources;

import dev.quiver.api.BuildSpec;
import dev.quiver.api.Function;
import dev.quiver.api.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A build runs again exactly when the source or the build settings change. */
class SourceHashTest {

    private static final String REPO = "https://git.example.com/team/hello.git";

    @Test
    void sameBuildInputsGiveSameHash() {
        assertThat(SourceHash.of(build("v1"), null)).isEqualTo(SourceHash.of(build("v1"), null)).hasSize(16);
    }

    @Test
    void sourceRevisionRegistryCredentialsAndBaseImageEachChangeTheHash() {
        String base = SourceHash.of(build("v1"), null);
        BuildSpec registry = build("v1");
        registry.registry = "ghcr.io/other";
        BuildSpec credentials = build("v1");
        credentials.credentialsSecret = "push-creds";
        BuildSpec baseImage = build("v1");
        baseImage.baseImage = "eclipse-temurin:21-jre";
        BuildSpec contextDir = build("v1");
        contextDir.git.contextDir = "functions/hello";

        assertThat(List.of(SourceHash.of(build("v2"), null), SourceHash.of(registry, null), SourceHash.of(credentials, null),
                SourceHash.of(baseImage, null), SourceHash.of(contextDir, null))).doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void configMapContentChangesTheHash() {
        BuildSpec build = Fixtures.builtFromConfigMap("team", "hello", "hello-src").getSpec().build;

        assertThat(SourceHash.of(build, "digest-1")).isNotEqualTo(SourceHash.of(build, "digest-2"));
    }

    @Test
    void templateEditsOfTheFunctionDoNotChangeTheHash() {
        Function function = Fixtures.built("team", "hello", REPO, "v1");
        String before = SourceHash.of(function.getSpec().build, null);
        Fixtures.withEnv(Fixtures.withScale(function, 1, 4), "GREETING", "hi");

        assertThat(SourceHash.of(function.getSpec().build, null)).isEqualTo(before);
    }

    private static BuildSpec build(String revision) {
        return Fixtures.built("team", "hello", REPO, revision).getSpec().build;
    }
}
