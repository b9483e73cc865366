package dev.quiver.builder.aot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An AOT cache made by a training run, to put into an image next to the app.
 *
 * @param file        the cache file
 * @param javaVersion the full version of the Java runtime that made it; only that runtime build accepts it
 */
public record AotCache(Path file, String javaVersion) {

    /** Checks the values are there. */
    public AotCache {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(javaVersion, "javaVersion");
    }
}
