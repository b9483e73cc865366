package dev.quiver.cli;

import dev.quiver.cli.build.BuildCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code quiver} command: its subcommands do the work. */
@TopCommand
@Command(name = "quiver", mixinStandardHelpOptions = true, versionProvider = QuiverCommand.Version.class,
        description = "Build and run Quiver functions, invoke them, publish events to them, and move their traffic "
                + "between revisions.",
        subcommands = {DevCommand.class, BuildCommand.class, InvokeCommand.class, PublishCommand.class,
                ListCommand.class, DescribeCommand.class, TrafficCommand.class, RollbackCommand.class,
                LogsCommand.class},
        footer = {"", "Exit status: 0 done, 1 refused or failed, 2 bad command line, 3 no runtime running.",
                "Start with: ./quiver dev functions"})
public class QuiverCommand {

    /** The version from the jar's manifest. */
    static class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = QuiverCommand.class.getPackage().getImplementationVersion();
            return new String[] {"quiver " + (version == null ? "(development build)" : version)};
        }
    }
}
