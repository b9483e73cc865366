package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.RolloutStatus;
import dev.quiver.cli.backend.FunctionsBackend;
import dev.quiver.cli.backend.RolloutAnswer;
import dev.quiver.cli.view.RolloutView;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What {@code quiver rollout promote} and {@code abort} share: refuse when no rollout runs, ask the rollout's
 * driver (the dev runtime at once, a cluster's controller by an annotation) and print what it made of it.
 */
abstract class RolloutActionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationOption.class,
            description = "On a cluster: how long to wait for the controller to act (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    /** {@code promote} or {@code abort}, as the command's text and the admin API's action. */
    abstract String verb();

    /** What the verb did, for the answer: {@code Promoted}, {@code Aborted}. */
    abstract String done();

    @Override
    public Integer call() {
        FunctionsBackend backend = admin.backend();
        Function function = backend.get(name);
        RolloutStatus rollout = RolloutView.of(function);
        // Refused here, before anything is written: a command for an ended rollout would wait for nothing.
        if (rollout == null) {
            throw new CliException(ExitCodes.FAILED, "cannot " + verb() + ": " + RolloutView.none(function));
        }
        if (!RolloutView.running(function)) {
            throw new CliException(ExitCodes.FAILED, "cannot " + verb() + " " + name + ": no rollout runs; the last one, of "
                    + rollout.revision + ", ended " + rollout.phase,
                    List.of("quiver rollout status " + name + " shows how it ended"));
        }
        RolloutAnswer answer = backend.rollout(name, verb(), rollout.revision, timeout);
        PrintWriter out = spec.commandLine().getOut();
        RolloutStatus after = RolloutView.of(answer.function());
        if (answer.actedOn() && after != null) {
            out.println(done() + " the rollout of " + rollout.revision + " of " + name + " (" + backend.describe() + "): "
                    + after.phase + ", " + RolloutView.step(after) + ".");
            if (after.message != null) {
                out.println(after.message);
            }
        } else {
            out.println("Asked the controller to " + verb() + " the rollout of " + rollout.revision + " of " + name
                    + " (" + backend.describe() + "); it has not acted on it within " + DurationOption.format(timeout)
                    + " and will when it next reconciles " + name + ".");
            out.println("Follow it with: quiver rollout status " + name + " --watch");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
