package dev.quiver.cli.dev;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the runtime's runnable jar: the path the user set ({@code --runtime-jar} or {@code QUIVER_RUNTIME_JAR}),
 * else {@code runtime/target/quarkus-app/quarkus-run.jar} in the Quiver checkout that holds this CLI's jar or
 * the working directory (searching upwards, so the command works from any folder of the checkout).
 */
public final class RuntimeJar {

    /** Where the runtime's build puts its runnable jar, relative to the checkout. */
    public static final Path IN_CHECKOUT = Path.of("runtime", "target", "quarkus-app", "quarkus-run.jar");
    /** The environment variable that names the runtime jar. */
    public static final String ENV = "QUIVER_RUNTIME_JAR";

    private RuntimeJar() {
    }

    /**
     * The runtime jar.
     *
     * @param explicit  the jar the user named (option or environment), or null
     * @param searchFrom where to search upwards for a checkout when none was named
     * @throws IllegalStateException with a message for the user when there is none
     */
    public static Path locate(Path explicit, List<Path> searchFrom) {
        if (explicit != null) {
            if (Files.isRegularFile(explicit)) {
                return explicit.toAbsolutePath();
            }
            throw new IllegalStateException("the runtime jar " + explicit + " does not exist (from --runtime-jar or "
                    + ENV + ")");
        }
        List<Path> tried = new ArrayList<>();
        for (Path start : searchFrom) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(IN_CHECKOUT);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
                tried.add(candidate);
            }
        }
        throw new IllegalStateException("cannot find the Quiver runtime (" + IN_CHECKOUT + "): build it with ./quiver "
                + "(which builds what is missing) or ./mvnw -B install -DskipTests -pl runtime -am, or set " + ENV);
    }

    /** The folders to search from: this CLI's own jar (when run as {@code java -jar}) and the working directory. */
    public static List<Path> defaultSearch() {
        return searchFrom(System.getProperty("java.class.path", ""), Path.of("").toAbsolutePath());
    }

    /**
     * The folders to search from, first the folder of the class path's first jar (the CLI's own
     * {@code quarkus-run.jar}, which lies in the checkout wherever the command is run from; a relative path is
     * taken from {@code workingDir}, as the JVM did), then {@code workingDir}.
     */
    static List<Path> searchFrom(String classPath, Path workingDir) {
        List<Path> starts = new ArrayList<>();
        Optional.of(classPath.split(File.pathSeparator)[0])
                .filter(entry -> entry.endsWith(".jar"))
                .map(entry -> realPath(workingDir.resolve(entry)).getParent())
                .ifPresent(starts::add);
        starts.add(workingDir.toAbsolutePath().normalize());
        return starts;
    }

    /** The file's real path (a jar linked from elsewhere still leads to its checkout), else its absolute path. */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException | SecurityException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
