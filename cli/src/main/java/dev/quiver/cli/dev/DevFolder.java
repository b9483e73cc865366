package dev.quiver.cli.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code quiver dev DIR} serves, wherever DIR is: a folder of functions (its subfolders with a
 * {@code function.yaml}), or one function's own folder (DIR holds the {@code function.yaml}, as a folder made by
 * {@code quiver new} does). The runtime serves either: the subfolders of its functions folder, or that folder
 * alone when it holds a {@code function.yaml}; the work files go to the served folder's {@code .quiver} either way.
 *
 * @param functionsDir the runtime's functions folder (absolute): DIR
 * @param workDir      where the runtime keeps builds and logs: {@code <functionsDir>/.quiver}
 * @param functions    the names of the function folders served, sorted
 * @param single       whether DIR is one function's folder
 */
public record DevFolder(Path functionsDir, Path workDir, List<String> functions, boolean single) {

    /** The file that makes a folder a function's. */
    public static final String FUNCTION_YAML = "function.yaml";
    /** The runtime's work folder inside the folder it serves (hidden, so no function's source). */
    public static final String WORK_DIR = ".quiver";
    /** The file in the work folder that holds the admin API's token (the runtime writes it, mode 0600). */
    public static final String ADMIN_TOKEN = "admin-token";

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
        String name = folder.getFileName() == null ? "" : folder.getFileName().toString();
        return new DevFolder(folder, folder.resolve(WORK_DIR), List.of(name), true);
    }
}
