package dev.quiver.builder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 */
public record ImageSpec(String baseImage, Path appDir, String appRoot, List<String> entrypoint, String user,
                        String workingDir, Map<String, String> env, List<Integer> ports, Map<String, String> labels) {

    /** The base image reference that means "no base image". */
    public static final String SCRATCH = "scratch";

    /**
     * The default base image of a function: a JRE that anyone can pull from Docker Hub (Eclipse Temurin 21, which
     * runs functions built for Java 17 and newer).
     */
    public static final String DEFAULT_FUNCTION_BASE = "docker.io/library/eclipse-temurin:21-jre";

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
    }

    /**
     * The image of a function: the app under {@code /app}, run with {@code java -jar} as user 65532, serving on
     * {@code $PORT} (8080).
     */
    public static ImageSpec function(String baseImage, Path appDir, Map<String, String> labels) {
        String appRoot = "/app";
        return new ImageSpec(baseImage, appDir, appRoot,
                List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar",
                        appRoot + "/quarkus-run.jar"),
                NON_ROOT_USER, appRoot, Map.of("PORT", String.valueOf(FUNCTION_PORT)), List.of(FUNCTION_PORT), labels);
    }

    private static void requireAbsolute(String path, String what) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path in the image, got '" + path + "'");
        }
    }
}
