package dev.quiver.cli.backend;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficTarget;
import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;
import dev.quiver.cli.admin.AdminClient;
import dev.quiver.cli.view.EventLine;
import dev.quiver.cli.view.EventStatus;
import dev.quiver.cli.view.LogLines;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The functions of a {@code quiver dev} runtime, through its admin API. */
public final class AdminBackend implements FunctionsBackend {

    private static final long FOLLOW_POLL_MILLIS = 1000;

    private final AdminClient client;

    /** A backend on the given admin API client. */
    public AdminBackend(AdminClient client) {
        this.client = client;
    }

    @Override
    public String describe() {
        return "dev runtime at " + client.base();
    }

    @Override
    public List<Function> list() {
        return client.functions();
    }

    @Override
    public Function get(String name) {
        return client.function(name);
    }

    @Override
    public Function find(String name) {
        return list().stream().filter(f -> name.equals(f.getMetadata().getName())).findFirst().orElse(null);
    }

    @Override
    public List<FunctionRevision> revisions(String name) {
        return client.revisions(name);
    }

    @Override
    public Function setTraffic(String name, List<TrafficTarget> traffic) {
        return client.putTraffic(name, traffic);
    }

    /** The admin API takes a traffic list only; {@code spec.sticky} comes from the function's folder. */
    @Override
    public Function setTrafficAndSticky(String name, List<TrafficTarget> traffic, StickySplit sticky) {
        throw new CliException(ExitCodes.FAILED, "the " + describe() + " cannot change spec.sticky",
                List.of("set sticky in the function's function.yaml (spec.sticky: {cookie: NAME} or {header: NAME}) "
                        + "and start quiver dev again", "or change the traffic without --sticky-cookie, "
                        + "--sticky-header or --no-sticky"));
    }

    /** The runtime acts on the command before it answers. */
    @Override
    public RolloutAnswer rollout(String name, String verb, String revision, Duration wait) {
        return new RolloutAnswer(client.rollout(name, verb), true);
    }

    @Override
    public String logs(String name, LogQuery query) {
        return cut(client.logs(name, query.revision()), query);
    }

    /**
     * The admin API keeps the output in memory: poll it and print what is new. Replicas that start later are in the
     * same answer, under their own header.
     */
    @Override
    public void followLogs(String name, LogQuery query, PrintWriter out) {
        String seen = "";
        boolean first = true;
        while (!Thread.currentThread().isInterrupted()) {
            String now = client.logs(name, query.revision());
            // The runtime keeps a bounded tail: when it no longer starts with what we printed, print it all.
            String fresh = now.startsWith(seen) ? now.substring(seen.length()) : now;
            out.print(first ? cut(now, query) : fresh);
            out.flush();
            seen = now;
            first = false;
            try {
                Thread.sleep(FOLLOW_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The output cut to the query's tail; the local platform keeps no time per line, so --since is refused. */
    private String cut(String text, LogQuery query) {
        if (query.since() != null) {
            throw new CliException(ExitCodes.USAGE, "--since needs a time per line, which the " + describe()
                    + " does not keep (replicas write straight to their log files)",
                    List.of("use --tail N for the last N lines of each replica"));
        }
        return query.tailLines() == null ? text : LogLines.tail(text, query.tailLines());
    }

    @Override
    public Function apply(Function function) {
        throw refusal("deploy");
    }

    @Override
    public boolean delete(String name) {
        throw refusal("delete");
    }

    /** A dev runtime records no events; its conditions say what happened. */
    @Override
    public List<EventLine> events(String name) {
        return List.of();
    }

    /** The refusal of a verb that changes a cluster: a dev runtime serves the folder it was started on. */
    public CliException refusal(String verb) {
        return new CliException(ExitCodes.FAILED, verb + " changes a cluster; the " + describe()
                + " serves the folder of functions it was started on",
                List.of("to " + verb + " on a cluster: quiver " + verb + " --target cluster …",
                        "to change what quiver dev serves: edit its folders (a function.yaml each) and start it again"));
    }

    @Override
    public Optional<EventStatus.Triggers> triggers(String name) {
        return client.triggers(name);
    }

    @Override
    public Optional<EventStatus.Jobs> jobs(String name) {
        return client.jobs(name);
    }
}
