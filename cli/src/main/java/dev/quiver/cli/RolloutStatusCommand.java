package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;
import dev.quiver.cli.backend.FunctionsBackend;
import dev.quiver.cli.view.RolloutView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code quiver rollout status NAME [--watch]}: where a function's rollout stands and how its steps were decided. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the rollout of a function's newest revision: the revision against the stable one, the "
                + "phase, the step and its weight, what is happening, the last measurement (requests, error rate, "
                + "p95 against the stable p95, events and dead letters) and every decided step.",
                "With --watch, follow it until it ends: exit status 0 when the new revision took over "
                        + "(Succeeded), 1 when it was rolled back or its smoke test failed.",
                "With -o yaml|json, print status.rollout itself."})
public class RolloutStatusCommand implements Callable<Integer> {

    /** How often --watch reads the function again. */
    static final long WATCH_INTERVAL_MILLIS = 1000;
    /** Clears a terminal and moves the cursor home, so each view replaces the last. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = {"-w", "--watch"}, description = "Redraw every second until the rollout ends.")
    boolean watch;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    /** Whether the view redraws in place: only on a terminal; elsewhere each change is printed below the last. */
    boolean terminal = System.console() != null;

    @Override
    public Integer call() {
        if (output == OutputFormat.name || output == OutputFormat.wide) {
            throw new ParameterException(spec.commandLine(), "-o " + output + " is for list and describe; "
                    + "rollout status prints table, yaml or json");
        }
        if (watch && output != OutputFormat.table) {
            throw new ParameterException(spec.commandLine(), "--watch shows the table only; leave out -o " + output);
        }
        FunctionsBackend backend = admin.backend();
        PrintWriter out = spec.commandLine().getOut();
        if (watch) {
            return watch(backend, out);
        }
        Function function = backend.get(name);
        RolloutStatus rollout = RolloutView.of(function);
        if (output != OutputFormat.table) {
            // Scripts get valid YAML or JSON either way: null when no rollout has run.
            out.print(rollout == null ? "null\n" : output.write(rollout));
        } else {
            out.print(RolloutView.status(function));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Reads the function every second and shows the rollout until it ends; the exit status says how. */
    private int watch(FunctionsBackend backend, PrintWriter out) {
        String shown = null;
        while (true) {
            Function function = backend.get(name);
            RolloutStatus rollout = RolloutView.of(function);
            if (rollout == null && RolloutView.plan(function) == null) {
                throw new CliException(ExitCodes.FAILED, RolloutView.none(function) + ": there is nothing to watch");
            }
            String view = RolloutView.status(function);
            if (terminal) {
                out.print(CLEAR_SCREEN + view + "\n(" + backend.describe() + "; every second until it ends; Ctrl-C stops)\n");
            } else if (!view.equals(shown)) {
                // Not a terminal (a CI log, a pipe): print only what changed, under a time stamp.
                if (shown != null) {
                    out.println("--- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " ---");
                }
                out.print(view);
            }
            out.flush();
            shown = view;
            if (rollout != null && rollout.phase != null && rollout.phase.ended()) {
                return ended(rollout);
            }
            try {
                Thread.sleep(WATCH_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILED, "interrupted");
            }
        }
    }

    /** OK when the new revision took over; a failure that says how it ended otherwise. */
    private int ended(RolloutStatus rollout) {
        if (rollout.phase == RolloutPhase.Succeeded) {
            return ExitCodes.OK;
        }
        throw new CliException(ExitCodes.FAILED, "the rollout of " + rollout.revision + " of " + name + " ended "
                + rollout.phase + (rollout.message == null ? "" : ": " + rollout.message),
                rollout.phase == RolloutPhase.RolledBack
                        ? List.of("all traffic is back on " + (rollout.stableRevision == null ? "the stable revision" : rollout.stableRevision))
                        : List.of("the new revision never received user traffic"));
    }
}
