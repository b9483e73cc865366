package dev.quiver.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Configures a {@code quiver} command line the same way for the packaged command and for tests. */
public final class Cli {

    private Cli() {
    }

    /** Sets error handling on a command line built around {@link QuiverCommand}. */
    public static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                // '@' starts our own values (--data @file, @latest=100), never picocli argument files.
                .setExpandAtFiles(false)
                .setExecutionExceptionHandler(Cli::onFailure)
                .setParameterExceptionHandler(Cli::onBadArguments);
    }

    /** A configured command line of plain picocli objects (no CDI), for tests. */
    public static CommandLine create() {
        return configure(new CommandLine(new QuiverCommand()));
    }

    private static int onFailure(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof CliException failure) {
            err.println("Error: " + failure.getMessage());
            failure.details().forEach(detail -> err.println("  - " + detail));
            err.flush();
            return failure.exitCode();
        }
        // Anything else is a bug in quiver, not a user mistake: keep the trace for the report.
        err.println("Error: quiver failed unexpectedly: " + exception);
        exception.printStackTrace(err);
        err.flush();
        return ExitCodes.FAILED;
    }

    private static int onBadArguments(CommandLine.ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("Error: " + exception.getMessage());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for how to use it.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
