package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.cli.view.RollbackPlan;
import dev.quiver.cli.backend.FunctionsBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code quiver rollback NAME [REV]}: all traffic to an earlier revision; nothing is rebuilt. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Send all traffic of a function to one revision. Without REV: the newest ready revision "
                + "older than the newest one serving now. Tags and header routes are dropped; nothing is rebuilt."})
public class RollbackCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REV", description = "The revision (a name or a number).")
    String revision;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FunctionsBackend client = admin.backend();
        Function function = client.get(name);
        RollbackPlan plan;
        try {
            plan = RollbackPlan.of(function, client.revisions(name), revision);
        } catch (IllegalStateException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        client.setTraffic(name, plan.traffic());
        spec.commandLine().getOut().println("Rolled back " + name + ": all traffic now goes to " + plan.target()
                + (plan.serving() == null ? "" : " (the newest revision serving before was " + plan.serving() + ")") + "; " + client.describe() + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
