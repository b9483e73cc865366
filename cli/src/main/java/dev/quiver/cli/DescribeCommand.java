package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.cli.model.EventsView;
import dev.quiver.cli.model.FunctionView;
import dev.quiver.cli.backend.FunctionsBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code quiver describe NAME}: a function's revisions, traffic and conditions. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Show a function: its revisions (ready, replicas), its traffic (percents, tags, match rules, "
                + "URLs) and its conditions with their reasons, and recent events (on a cluster).",
                "With -o yaml|json, print the Function object itself."})
public class DescribeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Mixin
    AdminOptions admin;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FunctionsBackend backend = admin.backend();
        Function function = backend.get(name);
        spec.commandLine().getOut().print(output == OutputFormat.table
                ? FunctionView.describe(function, backend.revisions(name)) + EventsView.render(backend.events(name))
                : output.write(function));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
