package dev.quiver.builder;

import java.nio.file.Path;
import java.util.Objects;

/** Where a built image goes: pushed to a registry, or written to a tar file. */
public sealed interface ImageTarget {

    /** The image's reference (registry/repository:tag). */
    String reference();

    /**
     * Push to a registry.
     *
     * @param reference registry/repository[:tag]
     */
    record Registry(String reference) implements ImageTarget {
        /** Checks the reference is there. */
        public Registry {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /**
     * Write an OCI image layout as a tar file ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}).
     *
     * @param path      the tar file
     * @param reference the name recorded in the tar
     */
    record Tar(Path path, String reference) implements ImageTarget {
        /** Checks the values are there. */
        public Tar {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reference, "reference");
        }
    }
}
