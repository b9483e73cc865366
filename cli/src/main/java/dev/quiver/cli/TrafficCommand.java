package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficTarget;
import dev.quiver.cli.view.FunctionView;
import dev.quiver.cli.view.TrafficSpec;
import dev.quiver.cli.backend.FunctionsBackend;
import dev.quiver.cli.backend.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code quiver traffic NAME REV=PCT…}: replaces a function's traffic list. */
@Command(name = "traffic", mixinStandardHelpOptions = true,
        description = {"Set how a function's requests are split between its revisions. This replaces the whole "
                + "traffic list: give every revision that should keep a share.",
                "REV is a revision name (hello-00002), its number (2), or @latest for the latest ready revision."},
        footer = {"", "Examples:",
                "  quiver traffic hello @latest=100",
                "  quiver traffic hello hello-00002=90 hello-00001=10 --tag hello-00001=stable",
                "  quiver traffic hello --tag hello-00003=beta --untag old   (tags only: the split stays)",
                "  quiver traffic hello @latest=100 --route-header x-group=test:hello-00003",
                "  quiver traffic hello 2=90 1=10 --sticky-cookie quiver-split   (on a cluster)"})
public class TrafficCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The function.")
    String name;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "REV=PCT",
            description = "A revision and its percent of the requests that match no header route; the percents sum to "
                    + "100. Without any, only --tag/--untag change the current traffic.")
    List<String> splits = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "REV=TAG",
            description = "Give a revision a tag that reaches it directly: /fn/NAME@TAG (kn's order; the older TAG=REV "
                    + "is still read when only its right side names a revision). Repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--untag", paramLabel = "TAG", description = "Take a tag off (its 0 % target goes). Repeatable.")
    List<String> untags = new ArrayList<>();

    @Option(names = "--route-header", paramLabel = "HEADER=VALUE:REV",
            description = "Send requests carrying this header value to a revision, before the split. Repeatable.")
    List<String> headerRoutes = new ArrayList<>();

    @Option(names = "--sticky-cookie", paramLabel = "NAME",
            description = "On a cluster: keep each user on one revision of the split by this cookie (spec.sticky).")
    String stickyCookie;

    @Option(names = "--sticky-header", paramLabel = "NAME",
            description = "On a cluster: keep each caller on one revision of the split by this header (spec.sticky).")
    String stickyHeader;

    @Option(names = "--no-sticky", description = "On a cluster: place every request at random by weight again "
            + "(removes spec.sticky).")
    boolean noSticky;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean retagOnly = splits.isEmpty();
        if (retagOnly && (tags.isEmpty() && untags.isEmpty() || !headerRoutes.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'REV=PCT' (only --tag and "
                    + "--untag may go without it)");
        }
        List<TrafficTarget> traffic;
        try {
            warnOldTagOrder();
            traffic = retagOnly ? null : TrafficSpec.retag(name, TrafficSpec.build(name, splits, List.of(), headerRoutes),
                    tags, untags);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int stickyOptions = (stickyCookie != null ? 1 : 0) + (stickyHeader != null ? 1 : 0) + (noSticky ? 1 : 0);
        if (stickyOptions > 1) {
            throw new ParameterException(spec.commandLine(), "give one of --sticky-cookie, --sticky-header and --no-sticky");
        }
        FunctionsBackend backend = admin.backend();
        if (retagOnly) {
            try {
                Function current = backend.get(name);
                traffic = TrafficSpec.retag(name, current.getSpec() == null || current.getSpec().traffic == null ? List.of()
                        : current.getSpec().traffic, tags, untags);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.FAILED, e.getMessage());
            }
        }
        // Without a sticky option spec.sticky stays as it is; with one, traffic and stickiness change in one write.
        Function updated = stickyOptions == 0 ? setTraffic(backend, traffic)
                : backend.setTrafficAndSticky(name, traffic, stickyCookie != null ? StickySplit.byCookie(stickyCookie)
                        : stickyHeader != null ? StickySplit.byHeader(stickyHeader) : null);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Traffic of " + name + " updated. (" + backend.describe() + ")");
        out.print(FunctionView.traffic(updated));
        out.flush();
        return ExitCodes.OK;
    }

    /** The older TAG=REV order still works, but says which order to write. */
    private void warnOldTagOrder() {
        for (String item : tags) {
            TrafficSpec.Tag tag = TrafficSpec.tag(name, item);
            if (tag.oldOrder()) {
                spec.commandLine().getErr().println("Warning: --tag " + item + " is TAG=REV, read as revision "
                        + tag.revision() + " tagged " + tag.tag() + "; write it REV=TAG (--tag " + tag.revision() + "="
                        + tag.tag() + "), as kn does.");
                spec.commandLine().getErr().flush();
            }
        }
    }

    private Function setTraffic(FunctionsBackend backend, List<TrafficTarget> traffic) {
        try {
            return backend.setTraffic(name, traffic);
        } catch (CliException e) {
            // A cluster's refusal already says who refused; the admin API's message needs it said.
            throw e.exitCode() == ExitCodes.FAILED && admin.target() == Target.dev
                    ? new CliException(e.exitCode(), "the runtime refused the traffic of " + name + ": " + e.getMessage(),
                            e.details())
                    : e;
        }
    }
}
