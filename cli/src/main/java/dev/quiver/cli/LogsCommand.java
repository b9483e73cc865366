package dev.quiver.cli;

import dev.quiver.cli.backend.LogQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code quiver logs NAME}: the captured output of a function's replicas. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print what a function's replicas wrote.")
public class LogsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = "--revision", paramLabel = "REV", description = "Only this revision.")
    String revision;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what the replicas write, until interrupted; "
            + "replicas that start meanwhile are followed too.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines of each replica (as kubectl).")
    Integer tail;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationOption.class,
            description = "Only what was written this long ago or later: 30s, 10m, 1h (on a cluster; the local "
                    + "platform keeps no time per line).")
    Duration since;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (tail != null && tail < 0) {
            throw new CliException(ExitCodes.USAGE, "--tail must be 0 or more lines, got " + tail);
        }
        LogQuery query = new LogQuery(revision, tail, since);
        if (follow) {
            admin.backend().followLogs(name, query, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        String logs = admin.backend().logs(name, query);
        spec.commandLine().getOut().print(logs.endsWith("\n") || logs.isEmpty() ? logs : logs + "\n");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
