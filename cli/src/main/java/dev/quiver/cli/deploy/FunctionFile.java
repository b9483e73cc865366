package dev.quiver.cli.deploy;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A function.yaml and the folder it is in.
 *
 * @param function the Function it declares
 * @param folder   its folder (where a pom.xml makes it buildable)
 */
public record FunctionFile(Function function, Path folder) {

    /** The file name that marks a function's folder. */
    public static final String NAME = "function.yaml";

    /** Reads {@code path}: a function.yaml, any YAML file of a Function, or a folder that holds a function.yaml. */
    public static FunctionFile read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.FAILED, Files.isDirectory(path)
                    ? path + " has no " + NAME + " (a function's folder holds one)"
                    : "no such file: " + path);
        }
        Function function;
        try {
            function = ApiJson.fromYaml(Files.readString(file), Function.class);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILED, file + " is not a Function: " + e.getMessage());
        }
        if (function == null || function.getMetadata() == null || function.getMetadata().getName() == null) {
            throw new CliException(ExitCodes.FAILED, file + " names no function (metadata.name)");
        }
        return new FunctionFile(function, file.toAbsolutePath().getParent());
    }

    /** Whether the folder is a function's source that quiver can build (a Maven project). */
    public boolean buildable() {
        return Files.isRegularFile(folder.resolve("pom.xml"));
    }
}
