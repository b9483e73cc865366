package dev.quiver.runtime.it;

import dev.quiver.standin.testing.FunctionFolders;
import dev.quiver.standin.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Temporary copies of the repository's sample functions (with their parent POM) that a test's runtime serves and edits. */
final class SampleFunctions {

    private static final Path FUNCTIONS = Path.of("..", "functions");

    private SampleFunctions() {
    }

    /**
     * Copies the named samples into a new temporary folder, without their build output.
     *
     * @param functionYamls function.yaml text by sample name, written over the sample's own
     * @return the folder
     */
    static Path copy(List<String> samples, Map<String, String> functionYamls) throws IOException {
        Path dir = Files.createTempDirectory("quiver-it-");
        Files.copy(FUNCTIONS.resolve("pom.xml"), dir.resolve("pom.xml"));
        for (String sample : samples) {
            Path source = FUNCTIONS.resolve(sample);
            if (!Files.isRegularFile(source.resolve("function.yaml"))) {
                throw new IllegalStateException("sample function " + source.toAbsolutePath() + " is missing");
            }
            FunctionFolders.copyTree(source, dir.resolve(sample));
            if (functionYamls.containsKey(sample)) {
                Files.writeString(dir.resolve(sample).resolve("function.yaml"), functionYamls.get(sample));
            }
        }
        return dir;
    }

    /** Deletes a copy and everything in it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** A port free right now. */
    static int freePort() {
        return Ports.freePort();
    }
}
