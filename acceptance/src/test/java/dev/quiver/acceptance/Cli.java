package dev.quiver.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built {@code quiver} command, run as a process, as a user runs it. */
final class Cli {

    /** What a run printed and how it ended. */
    record Run(List<String> args, int exitCode, String out) {

        /** Throws with the output unless it exited 0. */
        Run requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("quiver " + String.join(" ", args) + " exited " + exitCode + ":\n" + out);
            }
            return this;
        }
    }

    private final Map<String, String> env;
    private final List<String> commonArgs;
    private final Path logDir;

    /**
     * A CLI with fixed settings.
     *
     * @param env environment of every run (e.g. QUIVER_TARGET, QUIVER_ADMIN_URL)
     * @param commonArgs options appended to every command (e.g. --kubeconfig)
     * @param logDir where the runs' output is kept
     */
    Cli(Map<String, String> env, List<String> commonArgs, Path logDir) {
        this.env = env;
        this.commonArgs = commonArgs;
        this.logDir = logDir;
    }

    /** Runs {@code quiver ARGS COMMON-ARGS} and waits up to 10 minutes for it. */
    Run run(String... args) {
        List<String> command = new ArrayList<>(List.of(Checkout.java(), "-jar", Checkout.cliJar().toString()));
        command.addAll(List.of(args));
        command.addAll(commonArgs);
        try {
            Files.createDirectories(logDir);
            Path output = Files.createTempFile(logDir, "quiver-" + args[0] + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("quiver " + String.join(" ", args) + " did not end within 10 minutes");
            }
            return new Run(List.of(args), process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
