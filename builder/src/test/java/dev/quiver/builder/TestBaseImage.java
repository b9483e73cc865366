package dev.quiver.builder;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.quiver.builder.aot.JavaRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Base images for tests, since no public registry is reachable, pushed to the test's registry: a small one (scratch
 * plus one layer with a {@code /etc/passwd} that names the non-root user and a stand-in {@code /opt/java/release} of
 * Java 21), and one with a real Java 25 runtime made from the machine's JDK.
 */
public final class TestBaseImage {

    /** The repository it is pushed to. */
    public static final String REPOSITORY = "test/jre";

    private TestBaseImage() {
    }

    /** The repository of the base image with a real Java runtime. */
    public static final String JAVA_REPOSITORY = "test/temurin";

    /** Where the base image with a real runtime keeps it, as {@code eclipse-temurin} images do. */
    public static final String JAVA_HOME = "/opt/java/openjdk";

    /** The modules a Quarkus Funqy app needs: a small runtime keeps the test's image quick to push. */
    private static final String MODULES = "java.base,java.logging,java.management,jdk.management,java.naming,"
            + "jdk.naming.dns,java.sql,java.xml,jdk.unsupported,java.net.http,java.instrument,jdk.zipfs";

    /**
     * A Java 25+ runtime made with {@code jlink} from the newest JDK in {@code /usr/lib/jvm} (once, kept under
     * {@code target/}), when the machine has one.
     */
    public static Optional<Path> java25Runtime() throws Exception {
        Optional<JavaRuntime> jdk = newestJdk();
        if (jdk.isEmpty() || !jdk.get().supportsAotCache()) {
            return Optional.empty();
        }
        Path runtime = Path.of("target", "test-jre-" + jdk.get().version()).toAbsolutePath();
        if (JavaRuntime.at(runtime).isPresent()) {
            return Optional.of(runtime);
        }
        Path partial = Files.createTempDirectory(Path.of("target"), "test-jre-").resolve("jre");
        Process jlink = new ProcessBuilder(jdk.get().home().resolve("bin/jlink").toString(), "--add-modules", MODULES,
                "--strip-debug", "--no-man-pages", "--no-header-files", "--output", partial.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jlink.waitFor(5, TimeUnit.MINUTES) || jlink.exitValue() != 0) {
            throw new IllegalStateException("jlink failed for " + jdk.get().home());
        }
        Files.move(partial, runtime, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(runtime);
    }

    /**
     * Pushes a base image with a real Java runtime under {@value #JAVA_HOME} (what {@link #java25Runtime()} made),
     * {@code JAVA_HOME} and {@code PATH} set as in {@code eclipse-temurin} images.
     */
    public static String pushWithJava(RegistryProcess registry, Path runtime) throws Exception {
        Path dir = Files.createTempDirectory("quiver-base-");
        Path passwd = Files.writeString(dir.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("jre")
                .addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"));
        try (Stream<Path> files = Files.walk(runtime)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                layer.addEntry(file, AbsoluteUnixPath.get(JAVA_HOME).resolve(runtime.relativize(file).toString()),
                        FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file)));
            }
        }
        String reference = registry.host() + "/" + JAVA_REPOSITORY + ":25";
        Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .setCreationTime(Instant.ofEpochSecond(1))
                .addFileEntriesLayer(layer.build())
                .addEnvironmentVariable("PATH", JAVA_HOME + "/bin:/usr/bin:/bin")
                .addEnvironmentVariable("JAVA_HOME", JAVA_HOME)
                .containerize(Containerizer.to(RegistryImage.named(reference)).setAllowInsecureRegistries(true)
                        .setToolName("quiver-test"));
        return reference;
    }

    private static Optional<JavaRuntime> newestJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/jlink")))
                    .flatMap(home -> JavaRuntime.at(home).stream())
                    .max(Comparator.comparingInt(JavaRuntime::feature));
        }
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
