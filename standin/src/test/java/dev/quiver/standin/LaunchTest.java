package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, working folder and environment of a container run from an unpacked image. */
class LaunchTest {

    @TempDir
    Path dir;
    Path rootfs;

    @BeforeEach
    void unpackedImage() throws Exception {
        rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("app/lib"));
        Files.writeString(rootfs.resolve("app/quarkus-run.jar"), "");
        Files.writeString(rootfs.resolve("app/lib/a.jar"), "");
    }

    @Test
    void javaRunsAsTheLocalJdkWithImagePathsMappedIntoTheUnpackedImage() throws Exception {
        ImageStore.Image image = new ImageStore.Image("sha256:x", rootfs,
                List.of("java", "-XX:SharedArchiveFile=/app/app.jsa", "-cp", "/app/lib/a.jar:/app/lib/missing.jar", "-jar",
                        "/app/quarkus-run.jar"), List.of("/health/ready"), List.of("PORT=8080"), "/app");
        Launch launch = launch(new ContainerBuilder().withName("function").build(), image);

        ProcessBuilder process = launch.prepare();

        assertThat(process.command()).containsExactly(Launch.localJava(), "-XX:SharedArchiveFile=/app/app.jsa", "-cp",
                rootfs.resolve("app/lib/a.jar") + ":/app/lib/missing.jar", "-jar", rootfs.resolve("app/quarkus-run.jar").toString(),
                "/health/ready");
        assertThat(process.directory().toPath()).isEqualTo(rootfs.resolve("app"));
    }

    @Test
    void containerCommandAndArgsReplaceTheImagesAndArgsAloneFollowTheEntrypoint() {
        ImageStore.Image image = new ImageStore.Image("sha256:x", rootfs, List.of("java", "-jar", "/app/quarkus-run.jar"),
                List.of("serve"), List.of(), "/app");

        assertThat(launch(new ContainerBuilder().withArgs("exit", "3").build(), image).commandLine())
                .containsExactly("java", "-jar", "/app/quarkus-run.jar", "exit", "3");
        assertThat(launch(new ContainerBuilder().withCommand("sh", "-c").withArgs("true").build(), image).commandLine())
                .containsExactly("sh", "-c", "true");
    }

    @Test
    void environmentHasTheImageEnvThenTheContainersThenThePodAddressAndJvmLimits() throws Exception {
        ImageStore.Image image = new ImageStore.Image("sha256:x", rootfs, List.of("java"), List.of(),
                List.of("PORT=8080", "GREETING=hi"), "/app");
        Container container = new ContainerBuilder().withName("function")
                .addNewEnv().withName("GREETING").withValue("hello $(PORT)").endEnv()
                .withNewResources().withLimits(Map.of("memory", new Quantity("256Mi"), "cpu", new Quantity("1500m"))).endResources()
                .build();

        Map<String, String> env = launch(container, image).environment();

        assertThat(env).containsEntry("PORT", "8080").containsEntry("GREETING", "hello 8080")
                .containsEntry("QUARKUS_HTTP_HOST", "127.9.0.2").containsEntry("HOSTNAME", "p")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=268435456 -XX:ActiveProcessorCount=2");
    }

    private Launch launch(Container container, ImageStore.Image image) {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().withContainers(container).endSpec().build();
        return new Launch(null, pod, container, image, "127.9.0.2", dir.resolve("pod"));
    }
}
