package dev.quiver.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a function folder with Maven ({@code package}, tests skipped): offline first, since the dependencies are
 * usually in the local repository already, and online when that fails. Output goes to a build log.
 */
public final class MavenBuild {

    private static final long BUILD_TIMEOUT_MINUTES = 15;

    /**
     * What a build did.
     *
     * @param success whether Maven succeeded and the app is there
     * @param app     the built Quarkus app folder ({@code target/quarkus-app})
     * @param output  the last lines of Maven's output (why it failed)
     */
    public record Result(boolean success, Path app, String output) {
    }

    private MavenBuild() {
    }

    /** Builds the folder; {@code log} receives Maven's full output. */
    public static Result run(Path folder, Path log, boolean offlineFirst) {
        Path app = folder.resolve("target").resolve("quarkus-app");
        List<List<String>> attempts = new ArrayList<>();
        if (offlineFirst) {
            attempts.add(command(folder, true));
        }
        attempts.add(command(folder, false));
        String output = "";
        for (List<String> command : attempts) {
            try {
                Files.createDirectories(log.getParent());
                Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    output = "Maven did not finish within " + BUILD_TIMEOUT_MINUTES + " minutes";
                    continue;
                }
                output = tail(log, 30);
                if (process.exitValue() == 0 && Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                    return new Result(true, app, output);
                }
                if (process.exitValue() == 0) {
                    output = "Maven succeeded but made no " + app.resolve("quarkus-run.jar")
                            + "; is the function a Quarkus application (quarkus-maven-plugin, fast-jar packaging)?";
                }
            } catch (IOException e) {
                output = "cannot run " + String.join(" ", command) + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(false, app, "interrupted");
            }
        }
        return new Result(false, app, output);
    }

    /** {@code ./mvnw} when the folder has a wrapper, else {@code mvn} from the PATH. */
    static List<String> command(Path folder, boolean offline) {
        List<String> command = new ArrayList<>();
        Path wrapper = folder.resolve("mvnw");
        command.add(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn");
        command.add("-B");
        command.add("-q");
        if (offline) {
            command.add("-o");
        }
        command.add("package");
        command.add("-DskipTests");
        return command;
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
