package dev.quiver.cli.build;

import dev.quiver.api.Function;

/**
 * Where {@code quiver build} puts the image, from the command line and the function's {@code function.yaml}:
 * <ol>
 *   <li>{@code --registry R}: {@code R/NAME:latest}, NAME from {@code --image} (which may carry a tag) or the
 *       function's name;</li>
 *   <li>else {@code spec.build.registry} (a repository): {@code REPOSITORY:latest};</li>
 *   <li>else the repository of {@code spec.image} (its tag or digest dropped): {@code REPOSITORY:latest};</li>
 *   <li>else {@code --image} taken as a whole reference.</li>
 * </ol>
 * Pure: no I/O.
 */
public final class TargetImage {

    /** The tag of an image when none is given. */
    public static final String DEFAULT_TAG = "latest";

    private TargetImage() {
    }

    /**
     * The image reference to push or write.
     *
     * @param registry  {@code --registry}, or null
     * @param image     {@code --image}, or null
     * @param function  the function read from {@code function.yaml}, or null when there is none
     * @param forTarOnly whether the image only goes to a tar (then any name will do)
     * @throws IllegalArgumentException when nothing names a registry
     */
    public static String resolve(String registry, String image, Function function, boolean forTarOnly) {
        String name = function == null || function.getMetadata() == null ? null : function.getMetadata().getName();
        if (registry != null && !registry.isBlank()) {
            String repository = image != null && !image.isBlank() ? image : name;
            if (repository == null) {
                throw new IllegalArgumentException("--registry needs an image name: give --image NAME "
                        + "(there is no function.yaml with metadata.name)");
            }
            return withTag(trimSlashes(registry) + "/" + repository);
        }
        if (function != null && function.getSpec() != null) {
            if (function.getSpec().build != null && notBlank(function.getSpec().build.registry)) {
                return withTag(trimSlashes(function.getSpec().build.registry));
            }
            if (notBlank(function.getSpec().image) && (image == null || image.isBlank())) {
                return withTag(repositoryOf(function.getSpec().image));
            }
        }
        if (image != null && !image.isBlank()) {
            return withTag(image);
        }
        if (forTarOnly && name != null) {
            return withTag(name);
        }
        throw new IllegalArgumentException("no registry to push to: give --registry REGISTRY (e.g. localhost:5000), "
                + "set spec.image or spec.build.registry in function.yaml, or write a tar with --tar FILE");
    }

    /** The repository of a reference: without its {@code @digest} and {@code :tag}. */
    public static String repositoryOf(String reference) {
        String repository = reference;
        int at = repository.indexOf('@');
        if (at >= 0) {
            repository = repository.substring(0, at);
        }
        int colon = repository.lastIndexOf(':');
        // A colon after the last slash is a tag; before it, a registry's port.
        if (colon > repository.lastIndexOf('/')) {
            repository = repository.substring(0, colon);
        }
        return repository;
    }

    private static String withTag(String reference) {
        return repositoryOf(reference).equals(reference) ? reference + ":" + DEFAULT_TAG : reference;
    }

    private static String trimSlashes(String value) {
        String trimmed = value.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
