package dev.quiver.builder;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A small base image for tests, since no public registry is reachable: scratch plus one layer with a
 * {@code /etc/passwd} that names the non-root user and a stand-in {@code /opt/java/release}, pushed to the test's
 * registry.
 */
public final class TestBaseImage {

    /** The repository it is pushed to. */
    public static final String REPOSITORY = "test/jre";

    private TestBaseImage() {
    }

    /** Pushes the base image to the registry and returns its reference. */
    public static String push(RegistryProcess registry) throws Exception {
        Path dir = Files.createTempDirectory("quiver-base-");
        Path passwd = Files.writeString(dir.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
        Path release = Files.writeString(dir.resolve("release"), "JAVA_VERSION=\"21\"\n");
        String reference = registry.host() + "/" + REPOSITORY + ":21";
        Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .setCreationTime(Instant.ofEpochSecond(1))
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("jre")
                        .addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"))
                        .addEntry(release, AbsoluteUnixPath.get("/opt/java/release"))
                        .build())
                .addEnvironmentVariable("PATH", "/opt/java/bin:/usr/bin:/bin")
                .addEnvironmentVariable("JAVA_HOME", "/opt/java")
                .containerize(Containerizer.to(RegistryImage.named(reference)).setAllowInsecureRegistries(true)
                        .setToolName("quiver-test"));
        return reference;
    }
}
