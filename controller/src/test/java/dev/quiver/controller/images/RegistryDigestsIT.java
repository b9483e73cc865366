package dev.quiver.controller.images;

import dev.quiver.builder.RegistryProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tags resolved to digests against a real registry ({@code docker-registry} on loopback, plain HTTP). */
class RegistryDigestsIT {

    private static RegistryProcess registry;
    private static String pushed;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryProcess.start();
        pushed = registry.push("team/hello", "1", "{\"architecture\":\"amd64\",\"os\":\"linux\"}",
                "layer of hello 1".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aTagResolvesToTheDigestTheRegistryServesAndIsPinnedKeepingTheTag() throws Exception {
        String image = registry.host() + "/team/hello:1";

        ImagePins.Pin pin = pins().pin(image);

        assertThat(pin.failure()).isNull();
        assertThat(pin.image()).isEqualTo(image + "@" + pushed);
        assertThat(pushed).isEqualTo(registry.digest("team/hello", "1"));
    }

    @Test
    void aTagPushedAgainResolvesToTheNewDigestForTheNextRevision() throws Exception {
        registry.push("team/moving", "1", "{\"os\":\"linux\"}", "first".getBytes(StandardCharsets.UTF_8));
        String before = pins().pin(registry.host() + "/team/moving:1").image();
        String second = registry.push("team/moving", "1", "{\"os\":\"linux\"}", "second".getBytes(StandardCharsets.UTF_8));

        String after = pins().pin(registry.host() + "/team/moving:1").image();

        assertThat(after).isEqualTo(registry.host() + "/team/moving:1@" + second).isNotEqualTo(before);
    }

    @Test
    void anUnknownTagFailsWithTheRegistrysReason() {
        String image = registry.host() + "/team/hello:404";

        ImagePins.Pin pin = pins().pin(image);

        assertThat(pin.failure()).isEqualTo("image " + image + " could not be resolved: 404 manifest unknown");
        assertThatThrownBy(() -> new RegistryDigests(Set.of(), Duration.ofSeconds(5)).digest(ImageReference.parse(image)))
                .isInstanceOf(RegistryDigests.ResolutionException.class).hasMessageContaining("404");
    }

    @Test
    void aRegistryThatDoesNotAnswerFailsSayingItCannotBeReached() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String image = "127.0.0.1:" + closed + "/team/hello:1";

        ImagePins.Pin pin = pins().pin(image);

        assertThat(pin.failure()).startsWith("image " + image + " could not be resolved: the registry 127.0.0.1:" + closed
                + " cannot be reached");
    }

    @Test
    void anImageByDigestOrWithResolutionOffIsKeptWithoutAskingTheRegistry() {
        String byDigest = "registry.invalid/team/hello@sha256:" + "c".repeat(64);

        assertThat(pins().pin(byDigest)).isEqualTo(new ImagePins.Pin(byDigest, null));
        assertThat(new ImagePins(false, List.of(), Duration.ofSeconds(1)).pin("registry.invalid/x:1"))
                .isEqualTo(new ImagePins.Pin("registry.invalid/x:1", null));
    }

    private static ImagePins pins() {
        return new ImagePins(true, List.of(), Duration.ofSeconds(5));
    }
}
