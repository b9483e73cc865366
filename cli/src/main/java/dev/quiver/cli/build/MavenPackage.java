package dev.quiver.cli.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Packages a function folder with Maven as a child process ({@code ./mvnw} when the folder has one, else
 * {@code mvn}; {@code -B -q package -DskipTests}): offline first, since the dependencies are usually in the local
 * repository already, then online. Maven's output goes to {@code target/quiver-build.log}.
 */
public final class MavenPackage {

    private static final long TIMEOUT_MINUTES = 20;

    /**
     * What Maven did.
     *
     * @param success whether it made {@code target/quarkus-app/quarkus-run.jar}
     * @param app     the Quarkus app folder
     * @param output  the last lines of Maven's output, to show when it failed
     */
    public record Result(boolean success, Path app, String output) {
    }

    private MavenPackage() {
    }

    /** The commands to try, in order. */
    static List<List<String>> attempts(Path folder) {
        return List.of(command(folder, true), command(folder, false));
    }

    static List<String> command(Path folder, boolean offline) {
        List<String> command = new ArrayList<>();
        Path wrapper = folder.resolve("mvnw");
        command.add(Files.isExecutable(wrapper) ? wrapper.toAbsolutePath().toString() : "mvn");
        command.add("-B");
        command.add("-q");
        if (offline) {
            command.add("-o");
        }
        command.add("package");
        command.add("-DskipTests");
        return command;
    }

    /** Runs Maven in the folder. */
    public static Result run(Path folder) throws InterruptedException {
        Path app = folder.resolve("target").resolve("quarkus-app");
        Path log = folder.resolve("target").resolve("quiver-build.log");
        String output = "";
        for (List<String> command : attempts(folder)) {
            try {
                Files.createDirectories(log.getParent());
                Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    output = "Maven did not finish within " + TIMEOUT_MINUTES + " minutes";
                    continue;
                }
                output = tail(log, 30);
                if (process.exitValue() == 0 && Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                    return new Result(true, app, output);
                }
                if (process.exitValue() == 0) {
                    output = "Maven succeeded but made no " + app.resolve("quarkus-run.jar")
                            + ": is this a Quarkus application (quarkus-maven-plugin, fast-jar packaging)?";
                }
            } catch (IOException e) {
                output = "cannot run " + String.join(" ", command) + ": " + e.getMessage();
            }
        }
        return new Result(false, app, output);
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
