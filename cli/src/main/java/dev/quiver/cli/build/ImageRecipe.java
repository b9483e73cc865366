package dev.quiver.cli.build;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.quiver.builder.ImageSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An image described by a small YAML file instead of a function folder, e.g. the builder image
 * ({@code deploy/builder/builder.yaml}): a base image, a Quarkus app folder (relative to the recipe) and the
 * container's configuration. {@code quiver build --recipe FILE} builds it through the same path as a function.
 *
 * @param name       the image's default name (repository under the registry)
 * @param baseImage  the base image
 * @param app        the Quarkus app folder, relative to the recipe's folder
 * @param appRoot    where the app lands in the image
 * @param entrypoint the container's command
 * @param user       the non-root user it runs as
 * @param workingDir its working directory
 * @param env        environment variables
 * @param ports      ports it serves on (may be empty)
 * @param labels     image labels
 */
public record ImageRecipe(String name, String baseImage, String app, String appRoot, List<String> entrypoint,
                          String user, String workingDir, Map<String, String> env, List<Integer> ports,
                          Map<String, String> labels) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads a recipe file. */
    public static ImageRecipe read(Path file) throws IOException {
        return YAML.readValue(file.toFile(), ImageRecipe.class);
    }

    /** The app folder, resolved against the recipe's folder. */
    public Path appDir(Path recipeFile) {
        Path folder = recipeFile.toAbsolutePath().getParent();
        return folder.resolve(app).normalize();
    }

    /** The image spec; {@code baseOverride} (from {@code --base-image}) wins over the recipe's base when set. */
    public ImageSpec toSpec(Path recipeFile, String baseOverride) throws IOException {
        Path appDir = appDir(recipeFile);
        if (!Files.isRegularFile(appDir.resolve("quarkus-run.jar"))) {
            throw new IOException("the recipe's app " + appDir + " is not built yet (no quarkus-run.jar): "
                    + "build it first, e.g. ./mvnw -B package -DskipTests -pl cli -am");
        }
        return new ImageSpec(baseOverride != null ? baseOverride : baseImage, appDir, appRoot, entrypoint, user,
                workingDir, env == null ? Map.of() : env, ports == null ? List.of() : ports,
                labels == null ? Map.of() : labels);
    }
}
