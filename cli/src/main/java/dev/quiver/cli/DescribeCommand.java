package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.Mode;
import dev.quiver.cli.view.EventStatus;
import dev.quiver.cli.view.EventView;
import dev.quiver.cli.view.EventsView;
import dev.quiver.cli.view.FunctionView;
import dev.quiver.cli.backend.FunctionsBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code quiver describe NAME}: a function's revisions, traffic and conditions. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Show a function: its revisions (ready, replicas), its traffic (percents, tags, match rules, "
                + "URLs), its conditions with their reasons, the state of its NATS and JetStream triggers (consumer "
                + "lag, redeliveries, dead letters), in Job mode its Jobs, and recent events (on a cluster).",
                "With -o yaml|json, print the Function object itself."})
public class DescribeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Mixin
    AdminOptions admin;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, wide (revision images too), name (function/NAME), yaml or json (default: "
                    + "${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FunctionsBackend backend = admin.backend();
        Function function = backend.get(name);
        spec.commandLine().getOut().print(switch (output) {
            case table, wide -> table(backend, function);
            case name -> FunctionView.names(List.of(function));
            case yaml, json -> output.write(function);
        });
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private String table(FunctionsBackend backend, Function function) {
        StringBuilder text = new StringBuilder(FunctionView.describe(function, backend.revisions(name),
                output == OutputFormat.wide));
        Optional<EventStatus.Triggers> triggers = backend.triggers(name);
        // A function without event triggers on a runtime that cannot report them: nothing worth a section.
        if (triggers.isPresent() || hasEventTriggers(function)) {
            text.append('\n').append(EventView.triggers(triggers));
        }
        if (function.getSpec() != null && function.getSpec().modeOrDefault() == Mode.Job) {
            text.append('\n').append(EventView.jobs(backend.jobs(name)));
        }
        endLine(text);
        return endLine(text.append(EventsView.render(backend.events(name)))).toString();
    }

    private static boolean hasEventTriggers(Function function) {
        return function.getSpec() != null && (!function.getSpec().triggersOrDefault().nats.isEmpty()
                || !function.getSpec().triggersOrDefault().jetstream.isEmpty());
    }

    private static StringBuilder endLine(StringBuilder text) {
        return text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? text : text.append('\n');
    }
}
