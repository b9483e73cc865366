package dev.quiver.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code quiver logs NAME}: the captured output of a function's replicas. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print what a function's replicas wrote.")
public class LogsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = "--revision", paramLabel = "REV", description = "Only this revision.")
    String revision;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what the replicas write, until interrupted.")
    boolean follow;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (follow) {
            admin.backend().followLogs(name, revision, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        String logs = admin.backend().logs(name, revision);
        spec.commandLine().getOut().print(logs.endsWith("\n") || logs.isEmpty() ? logs : logs + "\n");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
