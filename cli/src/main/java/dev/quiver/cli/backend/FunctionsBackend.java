package dev.quiver.cli.backend;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficTarget;
import dev.quiver.cli.view.EventLine;
import dev.quiver.cli.view.EventStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a command finds functions: the local runtime of {@code quiver dev} (its admin API) or a Kubernetes
 * cluster (Function and FunctionRevision objects). Failures are {@link dev.quiver.cli.CliException}s that say
 * what to do.
 */
public interface FunctionsBackend {

    /** Where this backend points, for messages: {@code dev runtime at http://…} or {@code cluster ctx, namespace ns}. */
    String describe();

    /** Every function. */
    List<Function> list();

    /** One function; a {@link dev.quiver.cli.CliException} when there is none of that name. */
    Function get(String name);

    /** The function, or null when there is none of that name. */
    Function find(String name);

    /** A function's revisions. */
    List<FunctionRevision> revisions(String name);

    /** Replaces a function's traffic list; returns the function as it is after the change. */
    Function setTraffic(String name, List<TrafficTarget> traffic);

    /**
     * Replaces a function's traffic list and, in the same write, its {@code spec.sticky} (null removes it);
     * returns the function as it is after the change.
     */
    Function setTrafficAndSticky(String name, List<TrafficTarget> traffic, StickySplit sticky);

    /**
     * Asks the rollout driver to promote or abort the running rollout of {@code revision}, and waits up to
     * {@code wait} for it to act.
     *
     * @param verb {@code promote} or {@code abort}
     */
    RolloutAnswer rollout(String name, String verb, String revision, Duration wait);

    /** What a function's replicas wrote, as much of it as the query asks for. */
    String logs(String name, LogQuery query);

    /**
     * Writes what a function's replicas wrote (as much as the query asks for) and then what they write, until
     * interrupted; replicas that start meanwhile are followed too.
     */
    void followLogs(String name, LogQuery query, PrintWriter out);

    /** Creates the function or replaces its spec (never its status); returns it as stored. */
    Function apply(Function function);

    /** Deletes the function (its revisions go with it); false when there was none. */
    boolean delete(String name);

    /** Recent events about the function and its revisions, oldest first. */
    List<EventLine> events(String name);

    /** The state of the function's NATS and JetStream triggers, when the target reports it. */
    default Optional<EventStatus.Triggers> triggers(String name) {
        return Optional.empty();
    }

    /** The recent jobs of a Job-mode function, when the target reports them. */
    default Optional<EventStatus.Jobs> jobs(String name) {
        return Optional.empty();
    }
}
