package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code quiver __complete functions|revisions [NAME]}: the names shell completion offers, one a line. Hidden: the
 * script {@code quiver completion} prints calls it; it prints nothing (and succeeds) when no platform answers, so a
 * tab press never shows an error.
 */
@Command(name = "__complete", hidden = true, description = "Names for shell completion.")
public class NamesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "functions|revisions")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The function whose revisions.")
    String function;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if ("functions".equals(kind)) {
                for (Function item : admin.backend().list()) {
                    out.println(item.getMetadata().getName());
                }
            } else if ("revisions".equals(kind) && function != null) {
                for (FunctionRevision item : admin.backend().revisions(function)) {
                    out.println(item.getMetadata().getName());
                }
            }
        } catch (RuntimeException unreachable) {
            // no runtime, no cluster, no such function: nothing to offer
        }
        out.flush();
        return ExitCodes.OK;
    }
}
