package dev.quiver.cli.fake;

import dev.quiver.cli.Cli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the {@code quiver} command line in this JVM, with what it printed.
 *
 * @param exitCode the exit status
 * @param out      standard output
 * @param err      standard error
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code quiver} with the given arguments. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.create();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
