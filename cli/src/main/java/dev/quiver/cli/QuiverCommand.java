package dev.quiver.cli;

import dev.quiver.cli.build.BuildCommand;
import dev.quiver.cli.scaffold.BuildInfo;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code quiver} command: its subcommands do the work. */
@TopCommand
@Command(name = "quiver", mixinStandardHelpOptions = true, versionProvider = QuiverCommand.Version.class,
        description = {"Build and run Quiver functions on this machine or deploy them to a cluster, invoke them, publish "
                + "events to them, and move their traffic between revisions.",
                "Commands work on a quiver dev runtime or a cluster: --target dev|cluster (env QUIVER_TARGET)."},
        subcommands = {NewCommand.class, DevCommand.class, BuildCommand.class, DeployCommand.class, InvokeCommand.class,
                PublishCommand.class, ListCommand.class, DescribeCommand.class, TrafficCommand.class,
                RollbackCommand.class, RolloutCommand.class, LogsCommand.class, DeleteCommand.class, CompletionCommand.class,
                NamesCommand.class},
        footer = {"", "Exit status: 0 done, 1 refused or failed, 2 bad command line, 3 no runtime or cluster reachable.",
                "Start with: ./quiver dev functions   (or on a cluster: ./quiver deploy functions/hello)",
                "A function of your own, anywhere: quiver new NAME, then quiver dev NAME"})
public class QuiverCommand {

    /** The version from the jar's manifest, else from the build's properties (the BOM version {@code new} uses). */
    static class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = QuiverCommand.class.getPackage().getImplementationVersion();
            if (version == null) {
                try {
                    version = BuildInfo.load().quiverVersion();
                } catch (IllegalStateException notBuiltByMaven) {
                    // e.g. run from an IDE's classes: no filtered properties
                }
            }
            return new String[] {"quiver " + (version == null ? "(development build)" : version)};
        }
    }
}
