package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.cli.view.FunctionView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code quiver list}: every function with its readiness, latest revision, split and URL. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = "List the functions the runtime serves.")
public class ListCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, wide (more columns), name (function/NAME per line), yaml or json (a kind: List; "
                    + "default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Function> functions = admin.backend().list();
        spec.commandLine().getOut().print(switch (output) {
            case table -> FunctionView.list(functions);
            case wide -> FunctionView.listWide(functions);
            case name -> FunctionView.names(functions);
            case yaml, json -> output.writeList(functions);
        });
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
