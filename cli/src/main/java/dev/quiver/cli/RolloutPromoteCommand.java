package dev.quiver.cli;

import picocli.CommandLine.Command;

/** {@code quiver rollout promote NAME}: the new revision takes 100 % now, skipping the remaining steps. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Promote the running rollout of a function: its new revision takes 100 %% of the traffic now, "
                + "skipping the remaining steps (also ends a Paused rollout). Refused when no rollout runs."})
public class RolloutPromoteCommand extends RolloutActionCommand {

    @Override
    String verb() {
        return "promote";
    }

    @Override
    String done() {
        return "Promoted";
    }
}
