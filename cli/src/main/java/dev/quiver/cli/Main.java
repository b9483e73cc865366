package dev.quiver.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fast entry point: the same picocli commands as the Quarkus application, built as plain objects (no CDI, no
 * Quarkus bootstrap), for the commands a user runs often and waits on ({@code list}, {@code describe}, {@code invoke}…).
 * The {@code quiver} script starts it on a flat class path, with an AOT cache when a JDK 25 is there; the commands
 * need no injection ({@link Cli#create()} is what the tests run too).
 */
public final class Main {

    private Main() {
    }

    /** The argument of the AOT cache's training run (the quiver script's, not a user's). */
    static final String TRAIN = "--train";

    /**
     * The training run: read-only commands, their output discarded, so that the cache holds the classes that
     * parsing, help, the admin API client, the Kubernetes client (when no dev runtime answers) and the
     * table/YAML/JSON writers load. Nothing here changes a function or invokes one.
     */
    static void train() {
        List<List<String>> runs = new ArrayList<>();
        runs.add(List.of("--version"));
        runs.add(List.of("--help"));
        for (String command : Cli.create().getSubcommands().keySet()) {
            runs.add(List.of(command, "--help"));
        }
        runs.add(List.of("list"));
        runs.add(List.of("list", "-o", "yaml"));
        runs.add(List.of("list", "-o", "json"));
        runs.add(List.of("describe", "hello"));
        runs.add(List.of("describe", "hello", "-o", "yaml"));
        runs.add(List.of("invoke", "no-such-function-for-training", "--url", "http://127.0.0.1:9"));
        runs.add(List.of("traffic", "hello", "bad split"));
        for (List<String> run : runs) {
            PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
            Cli.create().setOut(nowhere).setErr(nowhere).execute(run.toArray(String[]::new));
        }
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // No SLF4J provider is in the fast jar (the JBoss one needs the JBoss log manager that Quarkus installs):
        // name the no-op one, so that SLF4J neither searches the class path nor warns that it found none.
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        // As application.properties does for Quarkus: only warnings, on stderr, so stdout stays the command's output.
        Logger.getLogger("").setLevel(Level.WARNING);
        // picocli probes for Groovy closures with Class.forName, a miss that opens every jar on the class path.
        System.setProperty("picocli.disable.closures", "true");
        if (args.length == 1 && TRAIN.equals(args[0])) {
            train();
            return;
        }
        int status = Cli.create().execute(args);
        System.out.flush();
        System.exit(status);
    }
}
