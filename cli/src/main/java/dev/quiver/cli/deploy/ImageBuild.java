package dev.quiver.cli.deploy;

import dev.quiver.api.contract.DefaultProbe;

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
     * An image that was pushed.
     *
     * @param image        the image, by digest
     * @param defaultProbe the probes' default chosen from the app's libraries; deploy writes it on the Function
     *                     ({@link DefaultProbe#ANNOTATION}) for the controller to put on the revision
     */
    record Pushed(String image, DefaultProbe defaultProbe) {
    }

    /**
     * Builds the function in {@code folder} and pushes it.
     *
     * @param folder   the function's folder (with its pom.xml and function.yaml)
     * @param image    where to push, as the function.yaml names it (a tag; the result is by digest)
     * @param progress receives one line per step, for the progress display
     * @return the pushed image, by digest, and the probes' default its build chose
     */
    Pushed buildAndPush(Path folder, String image, Consumer<String> progress);

    /** The image build of this quiver, when it has one. */
    static Optional<ImageBuild> installed() {
        return ServiceLoader.load(ImageBuild.class, ImageBuild.class.getClassLoader()).findFirst();
    }
}
