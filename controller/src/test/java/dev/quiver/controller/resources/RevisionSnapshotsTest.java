package dev.quiver.controller.resources;

import dev.quiver.api.BuildStatus;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The probes' default a new revision gets: the in-cluster build's record of its image, else the client's annotation. */
class RevisionSnapshotsTest {

    private static final String BUILT = "registry.local/team/hello@sha256:" + "a".repeat(64);
    private static final String OTHER = "registry.local/team/hello@sha256:" + "b".repeat(64);

    @Test
    void theAnnotationAClientBuildWroteAppliesToTheImageItNames() {
        Function function = annotated(Fixtures.function("team", "hello", OTHER), "SmallRyeHealth");

        FunctionRevision revision = RevisionSnapshots.snapshot(function, "hello-00001", OTHER, "hash", List.of(),
                build(BUILT, DefaultProbe.QuiverSdk));

        assertThat(revision.getSpec().defaultProbe).isEqualTo(DefaultProbe.SmallRyeHealth);
    }

    @Test
    void anAnnotationLeftFromAClientBuildDoesNotOverrideTheInClusterBuildOfTheImage() {
        Function function = annotated(Fixtures.built("team", "hello", "https://git.example.com/x.git", "v1"), "Tcp");

        assertThat(RevisionSnapshots.defaultProbe(function, BUILT, build(BUILT, DefaultProbe.QuiverSdk)))
                .isEqualTo(DefaultProbe.QuiverSdk);
    }

    @Test
    void withoutAnAnnotationTheInClusterBuildsChoiceForItsImage() {
        Function function = Fixtures.built("team", "hello", "https://git.example.com/x.git", "v1");

        assertThat(RevisionSnapshots.defaultProbe(function, BUILT, build(BUILT, DefaultProbe.QuiverSdk)))
                .isEqualTo(DefaultProbe.QuiverSdk);
    }

    @Test
    void theBuildsChoiceDoesNotCarryOverToAnotherImage() {
        Function function = Fixtures.function("team", "hello", OTHER);

        assertThat(RevisionSnapshots.defaultProbe(function, OTHER, build(BUILT, DefaultProbe.QuiverSdk))).isNull();
    }

    @Test
    void anAnnotationThatNamesNoKnownDefaultIsIgnored() {
        Function function = annotated(Fixtures.function("team", "hello", BUILT), "Grpc");

        assertThat(RevisionSnapshots.defaultProbe(function, BUILT, null)).isNull();
        assertThat(RevisionSnapshots.defaultProbe(function, BUILT, build(BUILT, DefaultProbe.Tcp))).isEqualTo(DefaultProbe.Tcp);
    }

    @Test
    void aFunctionWithNeitherGetsNoneWhichMeansTcp() {
        FunctionRevision revision = RevisionSnapshots.snapshot(Fixtures.function("team", "hello", BUILT), "hello-00001", BUILT,
                "hash", List.of(), null);

        assertThat(revision.getSpec().defaultProbe).isNull();
        assertThat(DefaultProbe.orTcp(revision.getSpec().defaultProbe)).isEqualTo(DefaultProbe.Tcp);
    }

    private static Function annotated(Function function, String value) {
        function.getMetadata().setAnnotations(Map.of(DefaultProbe.ANNOTATION, value));
        return function;
    }

    private static BuildStatus build(String image, DefaultProbe probe) {
        BuildStatus build = new BuildStatus();
        build.image = image;
        build.defaultProbe = probe;
        return build;
    }
}
