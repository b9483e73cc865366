package dev.quiver.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code quiver rollout status|promote|abort NAME}: follow and steer a function's progressive delivery. */
@Command(name = "rollout", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "(status | promote | abort)",
        description = {"Follow and steer the rollout of a function's newest revision (spec.rollout): a canary that "
                + "grows step by step while the gateway's measurements stay within the limits, or blue/green behind "
                + "a smoke test."},
        subcommands = {RolloutStatusCommand.class, RolloutPromoteCommand.class, RolloutAbortCommand.class},
        footer = {"", "Examples:",
                "  quiver rollout status hello --watch",
                "  quiver rollout promote hello     # skip the remaining steps: 100 %% now",
                "  quiver rollout abort hello       # all traffic back to the stable revision"})
public class RolloutCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: say which there are. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: status, promote or abort");
    }
}
