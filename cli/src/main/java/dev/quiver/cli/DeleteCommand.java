package dev.quiver.cli;

import dev.quiver.cli.backend.FunctionsBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code quiver delete NAME}: removes a function; its revisions and their workloads go with it. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a function from a cluster, with its revisions and everything they run.")
public class DeleteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FunctionsBackend backend = admin.backend();
        if (!backend.delete(name)) {
            throw new CliException(ExitCodes.FAILED, "no function " + name + " in the " + backend.describe());
        }
        spec.commandLine().getOut().println("Deleted " + name + " from the " + backend.describe() + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
