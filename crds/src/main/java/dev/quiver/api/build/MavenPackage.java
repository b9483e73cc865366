package dev.quiver.api.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Packages a function folder with Maven as a child process ({@code ./mvnw} when the folder has one, else
 * {@code mvn} from the PATH; {@code -B -q package -DskipTests}): offline first when asked, since the dependencies
 * are usually in the local repository already, then online. Maven's whole output goes to a log file. The one runner
 * behind {@code quiver build}/{@code quiver deploy DIR} (CLI) and the builds of {@code quiver dev} (runtime).
 *
 * <p>On a timeout the whole process tree is killed: Maven forks (the wrapper starts a JVM, plugins start more), and
 * killing only the direct child would leave them running and holding the folder's {@code target/}.
 */
public final class MavenPackage {

    /** How long one Maven run may take before it is killed. */
    public static final Duration TIMEOUT = Duration.ofMinutes(20);

    /** How long to wait for killed processes to be gone. */
    private static final long KILL_WAIT_SECONDS = 10;

    /**
     * What Maven did.
     *
     * @param success whether it made {@code target/quarkus-app/quarkus-run.jar}
     * @param app     the Quarkus app folder ({@code target/quarkus-app})
     * @param output  the last lines of Maven's output, or why it did not run, to show when it failed
     */
    public record Result(boolean success, Path app, String output) {
    }

    private MavenPackage() {
    }

    /**
     * Runs Maven in the folder with the default {@link #TIMEOUT}.
     *
     * @param log          receives Maven's full output (its folder is made)
     * @param offlineFirst try {@code -o} first, online only when that fails
     */
    public static Result run(Path folder, Path log, boolean offlineFirst) throws InterruptedException {
        return run(folder, log, offlineFirst, TIMEOUT);
    }

    /**
     * Runs Maven in the folder; a run that takes longer than {@code timeout} is killed with all its descendants and
     * the build fails without another attempt (a slow build would be as slow online).
     */
    public static Result run(Path folder, Path log, boolean offlineFirst, Duration timeout)
            throws InterruptedException {
        Path app = folder.resolve("target").resolve("quarkus-app");
        String output = "";
        for (List<String> command : attempts(folder, offlineFirst)) {
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
                Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                boolean finished;
                try {
                    finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    killTree(process.toHandle());
                    throw e;
                }
                if (!finished) {
                    killTree(process.toHandle());
                    return new Result(false, app, "Maven did not finish within " + describe(timeout)
                            + " and was stopped; its output is in " + log);
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

    /** The commands to try, in order. */
    static List<List<String>> attempts(Path folder, boolean offlineFirst) {
        return offlineFirst ? List.of(command(folder, true), command(folder, false)) : List.of(command(folder, false));
    }

    /** {@code ./mvnw} (absolute) when the folder has an executable wrapper, else {@code mvn} from the PATH. */
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

    /**
     * Kills a process and every descendant, and waits until they are gone. The descendants are listed before the
     * root is killed: afterwards they would be orphans, no longer its descendants.
     */
    static void killTree(ProcessHandle root) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        // the root first, so that it starts no more children while the listed ones go
        root.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.add(root);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // SIGKILL was sent, there is nothing stronger; the caller reports the timeout either way
            }
        }
    }

    private static String describe(Duration timeout) {
        return timeout.toMinutes() > 0 && timeout.toSecondsPart() == 0 ? timeout.toMinutes() + " minutes"
                : timeout.toMillis() / 1000.0 + " s";
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
