package dev.quiver.standin.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of a function's source folder for tests that build or change it, without touching the checkout. */
public final class FunctionFolders {

    private FunctionFolders() {
    }

    /** Copies a folder, leaving out Maven's build output ({@code target/}). */
    public static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Copies {@code functions/NAME} with the parent {@code functions/pom.xml} it builds against into
     * {@code dir/functions/}, and returns the copy of the function's folder.
     */
    public static Path copyFunction(Path functions, String name, Path dir) throws IOException {
        Path copies = Files.createDirectories(dir.resolve("functions"));
        Files.copy(functions.resolve("pom.xml"), copies.resolve("pom.xml"), StandardCopyOption.REPLACE_EXISTING);
        Path target = copies.resolve(name);
        copyTree(functions.resolve(name), target);
        return target;
    }
}
