package dev.quiver.controller.images;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Image references split as the container runtimes read them, and pinned to a digest with the tag kept. */
class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void aRegistryHostIsTheFirstComponentWithADotAColonOrLocalhost() {
        assertThat(ImageReference.parse("registry.example/team/x:1"))
                .isEqualTo(new ImageReference("registry.example/team/x:1", "registry.example", "team/x", "1", null));
        assertThat(ImageReference.parse("127.0.0.1:5000/x").registry()).isEqualTo("127.0.0.1:5000");
        assertThat(ImageReference.parse("localhost/x:dev").registry()).isEqualTo("localhost");
        assertThat(ImageReference.parse("team/x:1").registry()).isEqualTo(ImageReference.DOCKER_HUB);
        assertThat(ImageReference.parse("team/x:1").repository()).isEqualTo("team/x");
    }

    @Test
    void dockerHubNamesGetLibraryAndTheApiHostAndNoTagMeansLatest() {
        ImageReference alpine = ImageReference.parse("alpine");

        assertThat(alpine.repository()).isEqualTo("library/alpine");
        assertThat(alpine.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(alpine.tag()).isNull();
        assertThat(alpine.manifestReference()).isEqualTo("latest");
        assertThat(ImageReference.parse("docker.io/alpine:3").repository()).isEqualTo("library/alpine");
        assertThat(ImageReference.parse("index.docker.io/library/alpine:3").registry()).isEqualTo("docker.io");
    }

    @Test
    void aPortIsNotATagAndATagIsOnlyInTheLastComponent() {
        ImageReference reference = ImageReference.parse("registry.example:5000/team/x");

        assertThat(reference.registry()).isEqualTo("registry.example:5000");
        assertThat(reference.tag()).isNull();
        assertThat(ImageReference.parse("registry.example:5000/team/x:2.1").tag()).isEqualTo("2.1");
    }

    @Test
    void aDigestMeansPinnedAndATagIsPinnedKeepingTheTagToRead() {
        assertThat(ImageReference.parse("registry.example/x:1@" + DIGEST).pinned()).isTrue();
        assertThat(ImageReference.parse("registry.example/x@" + DIGEST).digest()).isEqualTo(DIGEST);
        ImageReference tagged = ImageReference.parse("registry.example/x:1");

        assertThat(tagged.pinned()).isFalse();
        assertThat(tagged.pinnedTo(DIGEST)).isEqualTo("registry.example/x:1@" + DIGEST);
        assertThat(ImageReference.parse("hello").pinnedTo(DIGEST)).as("written as given, not expanded")
                .isEqualTo("hello@" + DIGEST);
        assertThat(ImageReference.parse(tagged.pinnedTo(DIGEST)).pinned()).isTrue();
    }

    @Test
    void invalidReferencesAndDigestsAreRefusedSayingWhat() {
        assertThatThrownBy(() -> ImageReference.parse("Registry.example/X:1")).hasMessageContaining("repository name");
        assertThatThrownBy(() -> ImageReference.parse("x@sha256:short")).hasMessageContaining("not a digest");
        assertThatThrownBy(() -> ImageReference.parse("x:bad tag")).hasMessageContaining("not a tag");
        assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageReference.parse("x:1").pinnedTo("sha256:nothex")).hasMessageContaining("not a digest");
    }
}
