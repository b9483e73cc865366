package dev.quiver.cli.deploy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Builds a function's folder into an image and pushes it, for {@code quiver deploy DIR}. The implementation is
 * the one of {@code quiver build}, found with {@link ServiceLoader} so that deploy does not depend on how it
 * builds.
 */
public interface ImageBuild {

    /**
     * Builds the function in {@code folder} and pushes it.
     *
     * @param folder   the function's folder (with its pom.xml and function.yaml)
     * @param image    where to push, as the function.yaml names it (a tag; the result is by digest)
     * @param progress receives one line per step, for the progress display
     * @return the pushed image, by digest
     */
    String buildAndPush(Path folder, String image, Consumer<String> progress);

    /** The image build of this quiver, when it has one. */
    static Optional<ImageBuild> installed() {
        return ServiceLoader.load(ImageBuild.class, ImageBuild.class.getClassLoader()).findFirst();
    }
}
