package dev.quiver.acceptance;

import dev.quiver.standin.testing.FunctionFolders;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.quiver.api.Function;
import dev.quiver.standin.OciRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The images of the functions the cluster scenarios deploy, made once per suite run: one loopback
 * {@code docker-registry} for the whole run, a test-made base image in it (nothing can be pulled from the
 * internet; the kubelet stand-in runs {@code java} on this machine's JDK), and each function's source built once by
 * Maven and pushed by {@code quiver build} as the user would, keyed by the source's content so that a test's
 * unchanged copy of a sample reuses the image.
 */
final class SuiteImages {

    private static SuiteImages instance;

    private final OciRegistry registry;
    private final String baseImage;
    private final Map<String, Built> images = new ConcurrentHashMap<>();

    /**
     * What {@code quiver build} wrote back into the built copy's function.yaml: the image by digest and the
     * Function's annotations (the probes' default chosen from the app's libraries), which a deploy of the built
     * file carries to the controller.
     *
     * @param image       the image by digest
     * @param annotations the annotations of the written-back function.yaml
     */
    record Built(String image, Map<String, String> annotations) {
    }

    private SuiteImages(OciRegistry registry, String baseImage) {
        this.registry = registry;
        this.baseImage = baseImage;
    }

    /** The suite's registry and images, started on first use and stopped when the test JVM exits. */
    static synchronized SuiteImages get() {
        if (instance == null) {
            OciRegistry registry = OciRegistry.start(Checkout.WORK.resolve("registry-" + ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "registry-stop"));
            instance = new SuiteImages(registry, pushBase(registry.hostPort()));
        }
        return instance;
    }

    /** The registry's {@code 127.0.0.1:PORT}. */
    String registryHost() {
        return registry.hostPort();
    }

    /**
     * The function's image by digest and annotations, built and pushed on first use of this source: keyed by the
     * folder (the sample's name) and its source, so that a copy deployed under another function name reuses it.
     */
    synchronized Built image(FunctionFolder folder) {
        String key = folder.path().getFileName() + "@" + sourceDigest(folder.path());
        Built built = images.get(key);
        if (built == null) {
            built = build(folder);
            images.put(key, built);
        }
        return built;
    }

    private Built build(FunctionFolder folder) {
        long start = System.nanoTime();
        Path copy = Checkout.newFolder("image-" + folder.name()).resolve(folder.name());
        try {
            Files.copy(Checkout.FUNCTIONS.resolve("pom.xml"), copy.getParent().resolve("pom.xml"));
            FunctionFolders.copyTree(folder.path(), copy);
            maven(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cli cli = new Cli(Map.of(), List.of(), copy.getParent().resolve("cli"));
        Cli.Run run = cli.run("build", copy.toString(), "--skip-maven", "--registry", registry.hostPort(),
                "--insecure-registry", "--base-image", baseImage,
                "--cache-dir", Checkout.WORK.resolve("jib-cache").toString()).requireSuccess();
        Function written = FunctionFolder.of(copy).function();
        String image = written.getSpec().image;
        if (image == null || !image.contains("@sha256:") || !run.out().contains(image)) {
            throw new AssertionError("quiver build wrote no pushed image back into function.yaml: " + image + "\n"
                    + run.out());
        }
        ScenarioClock.print("image " + image, start, "built");
        Map<String, String> annotations = written.getMetadata().getAnnotations();
        return new Built(image, annotations == null ? Map.of() : Map.copyOf(annotations));
    }

    /**
     * {@code mvn -B -q package -DskipTests}, as quiver build runs it: offline first (the samples' dependencies are
     * in the local repository after the reactor build), then online for an app with dependencies of its own, such
     * as a plain Quarkus app's extensions. Its output is kept in target/.
     */
    private static void maven(Path folder) throws IOException {
        Path log = Files.createDirectories(folder.resolve("target")).resolve("maven.log");
        for (boolean offline : new boolean[] {true, false}) {
            List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "package", "-DskipTests"));
            if (offline) {
                command.add("-o");
            }
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                if (!process.waitFor(15, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                } else if (process.exitValue() == 0) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the Maven build of " + folder + " failed:\n" + Files.readString(log));
    }

    /** A digest of the source files (function.yaml, build output and hidden files left out). */
    static String sourceDigest(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                Path relative = folder.relativize(file);
                boolean skipped = false;
                for (Path part : relative) {
                    String name = part.toString();
                    skipped |= name.equals("target") || name.equals("function.yaml") || name.startsWith(".");
                }
                if (!skipped) {
                    digest.update(relative.toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(file));
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pushes a small base image: scratch plus {@code /etc/passwd} naming the non-root user and a
     * {@code /opt/java/release}, with {@code JAVA_HOME} and {@code PATH} set as a JRE image has them.
     */
    private static String pushBase(String host) {
        try {
            Path dir = Files.createDirectories(Checkout.WORK.resolve("base-image"));
            Path passwd = Files.writeString(dir.resolve("passwd"),
                    "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
            // No Java in it (the stand-in runs java on this machine's JDK), and a release that says 21, so that
            // quiver build makes no AOT cache, which only the base image's own Java 25+ could make.
            Path release = Files.writeString(dir.resolve("release"), "JAVA_VERSION=\"21\"\n");
            String reference = host + "/test/jre:21";
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
                            .setToolName("quiver-acceptance"));
            return reference;
        } catch (Exception e) {
            throw new IllegalStateException("cannot push the test base image", e);
        }
    }
}
