package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the local platform's function folders: which folders hold a function, and what each holds now (its
 * {@code function.yaml} and a stamp of its files), so the store rebuilds only what changed.
 */
final class FunctionFolders {

    private final Path root;

    /** The folders of the functions folder {@code root}. */
    FunctionFolders(Path root) {
        this.root = root;
    }

    /**
     * What a function folder holds as of now.
     *
     * @param yaml  its {@code function.yaml}
     * @param stamp a stamp of its source and API key files: it changes when any of them does
     */
    record Contents(String yaml, String stamp) {
    }

    /** The function folders served: the functions folder's subfolders, or the folder itself when it is one function's. */
    Set<Path> list() {
        if (Files.isRegularFile(root.resolve(FunctionYaml.FILE))) {
            return new LinkedHashSet<>(Set.of(root));
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(FunctionYaml.FILE)))
                    .filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .sorted().collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the functions folder " + root, e);
        }
    }

    /** Reads a function folder. */
    static Contents read(Path folder) {
        return new Contents(FunctionYaml.read(folder), SourceDigest.stamp(folder) + LocalApiKeys.fileStamp(folder));
    }

    /** Parses a function folder's {@code function.yaml}, with its problems. */
    static FunctionYaml parse(Path folder, Contents contents) {
        return FunctionYaml.parse(folder, contents.yaml());
    }
}
