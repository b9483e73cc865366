package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Copies of built apps into immutable folders, so a later build never changes what a revision runs. */
final class AppFolders {

    private AppFolders() {
    }

    /** Copies {@code source} to {@code target} through a temporary sibling, so the target appears complete or not at all. */
    static void copyImmutable(Path source, Path target) {
        copyImmutable(source, target, relative -> true, temporary -> { });
    }

    /**
     * Copies the files of {@code source} whose relative path {@code included} accepts (a folder that it refuses is
     * left out whole), lets {@code finish} add to the copy, then moves the copy to {@code target} at once.
     */
    static void copyImmutable(Path source, Path target, Predicate<Path> included, IoStep finish) {
        if (Files.isDirectory(target)) {
            return;
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(source)) {
            Files.createDirectories(temporary);
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().isEmpty() || !included.test(relative)) {
                    continue;
                }
                Path copy = temporary.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            finish.accept(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot copy the app " + source + " to " + target, e);
        }
    }

    /** A step on a folder that may fail with an IOException. */
    @FunctionalInterface
    interface IoStep {
        void accept(Path folder) throws IOException;
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
