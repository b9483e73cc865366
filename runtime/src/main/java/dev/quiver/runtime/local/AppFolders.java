package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copies of built apps into immutable folders, so a later build never changes what a revision runs. */
final class AppFolders {

    private AppFolders() {
    }

    /** Copies {@code source} to {@code target} through a temporary sibling, so the target appears complete or not at all. */
    static void copyImmutable(Path source, Path target) {
        if (Files.isDirectory(target)) {
            return;
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = temporary.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot copy the built app " + source + " to " + target, e);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Leftover temporary copies are harmless: their names never match a digest.
        }
    }
}
