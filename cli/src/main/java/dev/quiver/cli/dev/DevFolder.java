package dev.quiver.cli.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code quiver dev DIR} serves, wherever DIR is: a folder of functions (its subfolders with a
 * {@code function.yaml}), or one function's own folder (DIR holds the {@code function.yaml}, as a folder made by
 * {@code quiver new} does). The runtime serves the function folders inside its functions folder, so one function
 * is served from its parent folder, with the runtime's work files in the function's own {@code .quiver}; a parent
 * that holds other functions too is refused, since the runtime would serve those as well.
 *
 * @param functionsDir the runtime's functions folder (absolute)
 * @param workDir      where the runtime keeps builds and logs: {@code <functionsDir>/.quiver}, or the one
 *                     function's {@code .quiver}
 * @param functions    the names of the function folders served, sorted
 * @param single       whether DIR is one function's folder
 */
public record DevFolder(Path functionsDir, Path workDir, List<String> functions, boolean single) {

    /** The file that makes a folder a function's. */
    public static final String FUNCTION_YAML = "function.yaml";
    /** The runtime's work folder inside the folder it serves (hidden, so no function's source). */
    public static final String WORK_DIR = ".quiver";

    /** DIR when none is given: the working directory when it is a function's folder, else its {@code functions}. */
    public static Path defaultDir(Path workingDir) {
        return Files.isRegularFile(workingDir.resolve(FUNCTION_YAML)) ? workingDir : workingDir.resolve("functions");
    }

    /**
     * What to serve for DIR.
     *
     * @throws IllegalArgumentException with a message for the user when DIR cannot be served
     */
    public static DevFolder of(Path dir) throws IOException {
        Path folder = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("there is no folder " + folder + ": give a function's folder (it holds a "
                    + FUNCTION_YAML + ") or a folder of functions (each a subfolder with a " + FUNCTION_YAML + ")");
        }
        if (!Files.isRegularFile(folder.resolve(FUNCTION_YAML))) {
            return new DevFolder(folder, folder.resolve(WORK_DIR), RuntimeLaunch.functionFolders(folder), false);
        }
        Path parent = folder.getParent();
        String name = folder.getFileName() == null ? "" : folder.getFileName().toString();
        if (parent == null || name.startsWith(".")) {
            throw new IllegalArgumentException("cannot serve the function in " + folder + ": move it into a folder "
                    + "whose name does not start with '.'");
        }
        List<String> others = RuntimeLaunch.functionFolders(parent).stream()
                .filter(other -> !other.equals(name) && !other.startsWith("."))
                .toList();
        if (!others.isEmpty()) {
            throw new IllegalArgumentException(folder + " is a function, and its folder " + parent + " holds other "
                    + "functions too (" + String.join(", ", others) + "): run quiver dev " + parent + " to serve them "
                    + "all, or move " + name + " into a folder of its own");
        }
        return new DevFolder(parent, folder.resolve(WORK_DIR), List.of(name), true);
    }
}
