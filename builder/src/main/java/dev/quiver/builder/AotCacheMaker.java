package dev.quiver.builder;

import dev.quiver.api.HealthProbe;
import dev.quiver.builder.aot.AotCache;
import dev.quiver.builder.aot.AotTraining;
import dev.quiver.builder.aot.JavaRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes the AOT cache of a function image at build time: unpacks the base image's own Java runtime (a cache is
 * accepted only by the JVM build and runtime image that made it, so a JDK on the build machine would not do), stages
 * the app as the image holds it, and runs it once with {@code -XX:AOTCacheOutput} (see {@link AotTraining}).
 * Best effort: when the base has no Java 25+, the runtime does not run here, or training fails, the image is built
 * without a cache and the outcome says why. The cache is kept in the work folder with a key of what it was made
 * from, so rebuilding the same build output reuses it and gives the same image digest.
 */
public final class AotCacheMaker {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private final ImageBuilder builder;

    /** A maker that pulls base images with this builder's registry settings and cache. */
    public AotCacheMaker(ImageBuilder builder) {
        this.builder = builder;
    }

    /**
     * What came of it.
     *
     * @param cache   the cache, when there is one
     * @param message one line for the user: which Java made it, or why there is none
     */
    public record Outcome(Optional<AotCache> cache, String message) {
    }

    /**
     * Makes (or reuses) the cache of an app.
     *
     * @param baseImage the image's base
     * @param appDir    the Quarkus app folder (with quarkus-run.jar)
     * @param workFolder a folder of the build's own (e.g. {@code target/quiver-aot}): runtime, staged app, cache
     * @param env       variables for the training run besides {@code PORT}
     */
    public Outcome make(String baseImage, Path appDir, Path workFolder, Map<String, String> env)
            throws InterruptedException {
        return make(baseImage, appDir, workFolder, env, AppProbes.readiness(null, AppProbes.detect(appDir)));
    }

    /**
     * Makes (or reuses) the cache of an app whose replicas get this readiness probe (the template's, else the
     * default of the app's libraries): the training run waits for it, as the platforms do.
     */
    public Outcome make(String baseImage, Path appDir, Path workFolder, Map<String, String> env, HealthProbe readiness)
            throws InterruptedException {
        Path workDir = workFolder.toAbsolutePath().normalize();
        JavaRuntime java;
        try {
            Files.createDirectories(workDir);
            java = builder.unpackJava(baseImage, workDir.resolve("java"));
        } catch (BuildException | IOException e) {
            return none("cannot use the Java of " + baseImage + ": " + e.getMessage());
        }
        if (!java.supportsAotCache()) {
            return none("the Java of " + baseImage + " is " + java.version() + "; AOT caches need "
                    + JavaRuntime.FIRST_WITH_AOT_CACHE + " or later");
        }
        Path cache = workDir.resolve(AotTraining.CACHE_FILE);
        Path keyFile = workDir.resolve(AotTraining.CACHE_FILE + ".key");
        Path staged = workDir.resolve("app");
        try {
            ImageBuilder.stage(appDir, staged);
            String key = key(staged, java);
            if (Files.isRegularFile(cache) && Files.isRegularFile(keyFile)
                    && Files.readString(keyFile).equals(key)) {
                return made(cache, java, "reused the AOT cache made by Java " + java.version());
            }
            Files.deleteIfExists(keyFile);
            AotTraining.Result result = AotTraining.train(java, staged, env, readiness, DEADLINE);
            if (!result.succeeded()) {
                return none("the training run failed: " + result.reason());
            }
            Files.move(result.cache(), cache, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(keyFile, key);
            return made(cache, java, "trained the AOT cache with Java " + java.version());
        } catch (IOException e) {
            return none("the training run failed: " + e.getMessage());
        } finally {
            ImageBuilder.deleteTree(staged);
        }
    }

    private static Outcome made(Path cache, JavaRuntime java, String message) {
        return new Outcome(Optional.of(new AotCache(cache, java.version())), message);
    }

    private static Outcome none(String why) {
        return new Outcome(Optional.empty(), "no AOT cache: " + why + " (the image starts without one)");
    }

    /** A digest of the staged files, the runtime and the training command. */
    static String key(Path staged, JavaRuntime java) throws IOException {
        MessageDigest digest = sha256();
        try (Stream<Path> walk = Files.walk(staged)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                digest.update(staged.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[65536];
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        digest.update(buffer, 0, read);
                    }
                }
            }
        }
        digest.update(Files.readAllBytes(java.home().resolve("release")));
        Path modules = java.home().resolve("lib").resolve("modules");
        if (Files.isRegularFile(modules)) {
            digest.update(Long.toString(Files.size(modules)).getBytes(StandardCharsets.UTF_8));
        }
        List<String> command = AotTraining.command(java);
        digest.update(String.join(" ", command.subList(1, command.size())).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
