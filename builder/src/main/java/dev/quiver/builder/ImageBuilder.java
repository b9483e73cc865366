package dev.quiver.builder;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.quiver.builder.aot.AotTraining;
import dev.quiver.builder.aot.JavaRuntime;
import dev.quiver.builder.plan.LayerPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Assembles an image with jib-core from an {@link ImageSpec} and pushes it to a registry or writes it to a tar.
 * Reproducible: files get fixed times and permissions, the image a fixed creation time, the layers a fixed order, so
 * the same app folder gives the same digest.
 */
public final class ImageBuilder {

    /** The time every file and the image carry (jib's own default: one second after the epoch). */
    static final Instant FIXED_TIME = Instant.ofEpochSecond(1);

    private static final FilePermissions FILE_MODE = FilePermissions.fromOctalString("644");

    private final boolean allowInsecureRegistries;
    private final Path cacheDir;
    private final Consumer<String> progress;

    /**
     * A builder.
     *
     * @param allowInsecureRegistries whether registries may be reached over plain HTTP (a local registry)
     * @param cacheDir                jib's layer cache ({@code base/} and {@code app/} below it), or null for jib's
     *                                defaults (the user's cache folder, a temporary folder)
     * @param progress                receives one line per step worth telling the user
     */
    public ImageBuilder(boolean allowInsecureRegistries, Path cacheDir, Consumer<String> progress) {
        this.allowInsecureRegistries = allowInsecureRegistries;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    /** Builds the image and pushes or writes it. */
    public BuiltImage build(ImageSpec spec, ImageTarget target) throws BuildException {
        if (!Files.isRegularFile(spec.appDir().resolve("quarkus-run.jar"))) {
            throw new BuildException(spec.appDir() + " holds no quarkus-run.jar: build the app first "
                    + "(a Quarkus application with the default fast-jar packaging)");
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory("quiver-image-");
            JibContainerBuilder container = base(spec.baseImage())
                    .setFormat(ImageFormat.OCI)
                    .setCreationTime(FIXED_TIME)
                    .setFileEntriesLayers(layers(spec, staging))
                    .setEntrypoint(spec.entrypoint())
                    .setProgramArguments(List.of())
                    .setUser(spec.user())
                    .setWorkingDirectory(AbsoluteUnixPath.get(spec.workingDir()))
                    .setLabels(new TreeMap<>(spec.labels()));
            new TreeMap<>(spec.env()).forEach(container::addEnvironmentVariable);
            spec.ports().forEach(port -> container.addExposedPort(Port.tcp(port)));
            JibContainer built = container.containerize(containerizer(target));
            ImageReference reference = ImageReference.parse(target.reference());
            String digest = built.getDigest().toString();
            String byDigest = ImageReference.of(reference.getRegistry(), reference.getRepository(), null, digest)
                    .toString();
            return new BuiltImage(reference.toString(), digest, byDigest, target instanceof ImageTarget.Registry,
                    spec.defaultProbe());
        } catch (InvalidImageReferenceException e) {
            throw new BuildException("not a valid image reference: " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw new BuildException("the registry refused: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BuildException("the image build failed: " + cause, cause);
        } catch (IOException | CacheDirectoryCreationException e) {
            throw new BuildException("the image build failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted", e);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Unpacks the Java runtime of a base image (the folder its {@code JAVA_HOME} names) below {@code root}, pulling
     * the image as a build would.
     *
     * @throws BuildException when the image cannot be pulled or holds no Java runtime (the message says why)
     */
    public JavaRuntime unpackJava(String baseImage, Path root) throws BuildException {
        if (ImageSpec.SCRATCH.equals(baseImage)) {
            throw new BuildException("the base image is scratch");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory(root.getParent(), "base-");
            Path tar = work.resolve("base.tar");
            base(baseImage).setFormat(ImageFormat.OCI).containerize(
                    containerizer(new ImageTarget.Tar(tar, "quiver-base:unpack")));
            deleteTree(root);
            Files.createDirectories(root);
            return BaseImageJava.unpack(tar, work.resolve("layout"), root);
        } catch (InvalidImageReferenceException e) {
            throw new BuildException("not a valid image reference: " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw new BuildException("the registry refused: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BuildException("pulling " + baseImage + " failed: " + cause, cause);
        } catch (IOException | CacheDirectoryCreationException e) {
            throw new BuildException("unpacking " + baseImage + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted", e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Writes the app folder's files as the image holds them into {@code target}: the jars built during packaging
     * normalized, every file with the image's fixed time. A training run there sees the image's bytes.
     */
    public static void stage(Path appDir, Path target) throws IOException {
        deleteTree(target);
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(appDir)) {
            walk.filter(Files::isRegularFile)
                    .forEach(file -> files.add(appDir.relativize(file).toString().replace('\\', '/')));
        }
        for (String file : files) {
            Path copy = target.resolve(file);
            Files.createDirectories(copy.getParent());
            if (builtDuringPackaging(file)) {
                ReproducibleJar.normalize(appDir.resolve(file), copy);
            } else {
                Files.copy(appDir.resolve(file), copy);
            }
            Files.setLastModifiedTime(copy, FileTime.from(FIXED_TIME));
        }
    }

    /**
     * The app folder's files in their planned layers, under the spec's app root. The jars that Maven and Quarkus
     * wrote during the build are normalized into {@code staging} first (see {@link ReproducibleJar}); the libraries
     * are copies from the Maven repository and are used as they are.
     */
    static List<FileEntriesLayer> layers(ImageSpec spec, Path staging) throws IOException {
        Path appDir = spec.appDir();
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(appDir)) {
            walk.filter(Files::isRegularFile)
                    .forEach(file -> files.add(appDir.relativize(file).toString().replace('\\', '/')));
        }
        List<FileEntriesLayer> layers = new ArrayList<>();
        for (LayerPlan.Layer layer : LayerPlan.plan(files)) {
            FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(layer.name());
            for (String file : layer.files()) {
                Path source = appDir.resolve(file);
                if (builtDuringPackaging(file)) {
                    Path normalized = staging.resolve(file);
                    ReproducibleJar.normalize(source, normalized);
                    source = normalized;
                }
                builder.addEntry(source, AbsoluteUnixPath.get(spec.appRoot()).resolve(file), FILE_MODE,
                        FIXED_TIME);
            }
            layers.add(builder.build());
        }
        if (spec.aotCache().isPresent()) {
            layers.add(FileEntriesLayer.builder().setName(LayerPlan.AOT_CACHE)
                    .addEntry(spec.aotCache().get().file(),
                            AbsoluteUnixPath.get(spec.appRoot()).resolve(AotTraining.CACHE_FILE), FILE_MODE, FIXED_TIME)
                    .build());
        }
        return layers;
    }

    /** Jars made by the build itself (not copied from a repository), whose entries carry the build time. */
    static boolean builtDuringPackaging(String relativeFile) {
        return relativeFile.endsWith(".jar") && !relativeFile.startsWith("lib/");
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is not worth failing a build for.
        }
    }

    private JibContainerBuilder base(String baseImage) throws InvalidImageReferenceException {
        if (ImageSpec.SCRATCH.equals(baseImage)) {
            return Jib.fromScratch();
        }
        return Jib.from(withCredentials(RegistryImage.named(baseImage), ImageReference.parse(baseImage)));
    }

    private Containerizer containerizer(ImageTarget target) throws InvalidImageReferenceException {
        Containerizer containerizer;
        if (target instanceof ImageTarget.Tar tar) {
            containerizer = Containerizer.to(TarImage.at(tar.path()).named(tar.reference()));
        } else {
            ImageReference reference = ImageReference.parse(target.reference());
            containerizer = Containerizer.to(withCredentials(RegistryImage.named(reference), reference));
        }
        containerizer.setToolName("quiver").setAllowInsecureRegistries(allowInsecureRegistries)
                .addEventHandler(LogEvent.class, this::log);
        if (cacheDir != null) {
            containerizer.setBaseImageLayersCache(cacheDir.resolve("base"))
                    .setApplicationLayersCache(cacheDir.resolve("app"));
        }
        return containerizer;
    }

    /** Credentials from the Docker config ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}). */
    private RegistryImage withCredentials(RegistryImage image, ImageReference reference) {
        CredentialRetrieverFactory credentials = CredentialRetrieverFactory.forImage(reference, this::log);
        String dockerConfig = System.getenv("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            image.addCredentialRetriever(credentials.dockerConfig(Path.of(dockerConfig, "config.json")));
        }
        return image.addCredentialRetriever(credentials.dockerConfig());
    }

    private void log(LogEvent event) {
        switch (event.getLevel()) {
            case ERROR, WARN, LIFECYCLE -> progress.accept(event.getMessage());
            default -> {
                // Jib's info, progress and debug lines are noise for a user of quiver.
            }
        }
    }
}
