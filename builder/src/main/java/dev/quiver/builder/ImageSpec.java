package dev.quiver.builder;

import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.builder.aot.AotCache;
import dev.quiver.builder.aot.AotTraining;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What goes into an image: a base image, a Quarkus app folder laid out in layers under {@code appRoot}, and the
 * container's configuration.
 *
 * @param baseImage  the base image reference, or {@value #SCRATCH} for none
 * @param appDir     the Quarkus fast-jar app folder ({@code target/quarkus-app})
 * @param appRoot    where the app folder lands in the image (absolute)
 * @param entrypoint the command the container runs
 * @param user       the user it runs as (numeric, so that Kubernetes can verify {@code runAsNonRoot})
 * @param workingDir the working directory (absolute)
 * @param env        environment variables, added to the base image's
 * @param ports      ports the container serves on
 * @param labels     image labels
 * @param aotCache   an AOT cache to put next to the app ({@code appRoot/app.aot}, its own layer), when there is one
 */
public record ImageSpec(String baseImage, Path appDir, String appRoot, List<String> entrypoint, String user,
                        String workingDir, Map<String, String> env, List<Integer> ports, Map<String, String> labels,
                        Optional<AotCache> aotCache) {

    /** The base image reference that means "no base image". */
    public static final String SCRATCH = "scratch";

    /**
     * The default base image of a function: a JRE that anyone can pull from Docker Hub (Eclipse Temurin 25, which
     * runs functions built for Java 17 and newer and starts them from an AOT cache).
     */
    public static final String DEFAULT_FUNCTION_BASE = "docker.io/library/eclipse-temurin:25-jre";

    /** The label that says whether a function image holds an AOT cache ({@code true} or {@code false}). */
    public static final String AOT_CACHE_LABEL = "dev.quiver.aot-cache";

    /** The label that names the Java runtime (full version) that made the image's AOT cache, when it has one. */
    public static final String AOT_JAVA_LABEL = "dev.quiver.aot-java";

    /** The JVM flags of every function image. */
    static final List<String> FUNCTION_JVM_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");

    /** The non-root user function images run as (the conventional "nonroot" uid of distroless images). */
    public static final String NON_ROOT_USER = "65532";

    /** The port a function serves on, given to it as {@code $PORT}. */
    public static final int FUNCTION_PORT = 8080;

    /** Checks the values and keeps immutable copies. */
    public ImageSpec {
        Objects.requireNonNull(baseImage, "baseImage");
        Objects.requireNonNull(appDir, "appDir");
        requireAbsolute(appRoot, "appRoot");
        requireAbsolute(workingDir, "workingDir");
        if (entrypoint == null || entrypoint.isEmpty()) {
            throw new IllegalArgumentException("an image needs an entrypoint");
        }
        if (user == null || user.isBlank() || "0".equals(user) || "root".equals(user)) {
            throw new IllegalArgumentException("images run as a non-root user, got '" + user + "'");
        }
        entrypoint = List.copyOf(entrypoint);
        env = Map.copyOf(new LinkedHashMap<>(env));
        ports = List.copyOf(ports);
        labels = Map.copyOf(new LinkedHashMap<>(labels));
        Objects.requireNonNull(aotCache, "aotCache");
    }

    /** A spec without an AOT cache (the images of the project itself, built from recipes). */
    public ImageSpec(String baseImage, Path appDir, String appRoot, List<String> entrypoint, String user,
                     String workingDir, Map<String, String> env, List<Integer> ports, Map<String, String> labels) {
        this(baseImage, appDir, appRoot, entrypoint, user, workingDir, env, ports, labels, Optional.empty());
    }

    /**
     * The image of a function without an AOT cache: the app under {@code /app}, run with {@code java -jar} as user
     * 65532, serving on {@code $PORT} (8080).
     */
    public static ImageSpec function(String baseImage, Path appDir, Map<String, String> labels) {
        return function(baseImage, appDir, labels, Optional.empty());
    }

    /**
     * The image of a function: the app under {@code /app}, run with {@code java -jar} as user 65532, serving on
     * {@code $PORT} (8080). With an AOT cache, the cache lands at {@code /app/app.aot} and the JVM starts from it
     * with the fast-start flags it was trained with. The working directory stays {@code /app}: the cache's class
     * path is relative to it (see {@link AotTraining}). Labels record whether there is a cache and which Java made
     * it, and the probes' default chosen from the app's libraries ({@link DefaultProbe#IMAGE_LABEL}).
     */
    public static ImageSpec function(String baseImage, Path appDir, Map<String, String> labels,
                                     Optional<AotCache> aotCache) {
        String appRoot = "/app";
        List<String> entrypoint = new ArrayList<>();
        entrypoint.add("java");
        entrypoint.addAll(FUNCTION_JVM_FLAGS);
        Map<String, String> allLabels = new LinkedHashMap<>(labels);
        allLabels.put(AOT_CACHE_LABEL, Boolean.toString(aotCache.isPresent()));
        allLabels.put(DefaultProbe.IMAGE_LABEL, AppProbes.detect(appDir).name());
        aotCache.ifPresent(cache -> {
            entrypoint.add("-XX:AOTCache=" + appRoot + "/" + AotTraining.CACHE_FILE);
            entrypoint.addAll(AotTraining.FAST_START_FLAGS);
            allLabels.put(AOT_JAVA_LABEL, cache.javaVersion());
        });
        entrypoint.add("-jar");
        entrypoint.add(appRoot + "/quarkus-run.jar");
        return new ImageSpec(baseImage, appDir, appRoot, entrypoint, NON_ROOT_USER, appRoot,
                Map.of("PORT", String.valueOf(FUNCTION_PORT)), List.of(FUNCTION_PORT), allLabels, aotCache);
    }

    /** The probes' default the image records in its labels; null for an image that is not a function's. */
    public DefaultProbe defaultProbe() {
        String label = labels.get(DefaultProbe.IMAGE_LABEL);
        for (DefaultProbe probe : DefaultProbe.values()) {
            if (probe.name().equals(label)) {
                return probe;
            }
        }
        return null;
    }

    private static void requireAbsolute(String path, String what) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path in the image, got '" + path + "'");
        }
    }
}
