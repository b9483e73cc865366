package dev.quiver.cli;

import picocli.CommandLine.Command;

/** {@code quiver rollout abort NAME}: all traffic back to the stable revision. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Abort the running rollout of a function: its stable revision takes 100 %% of the traffic "
                + "again (the rollout ends RolledBack). Refused when no rollout runs."})
public class RolloutAbortCommand extends RolloutActionCommand {

    @Override
    String verb() {
        return "abort";
    }

    @Override
    String done() {
        return "Aborted";
    }
}
