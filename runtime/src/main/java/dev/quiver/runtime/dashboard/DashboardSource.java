package dev.quiver.runtime.dashboard;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.jobs.JobInvoker;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard shows and changes, on one platform: the handlers of {@link DashboardServer} only turn these
 * answers into JSON. A null namespace means the platform's default namespace (the only one locally).
 */
public interface DashboardSource {

    /** {@code local} or {@code kubernetes}. */
    String platform();

    /** The namespace {@code /fn/<name>} means; {@code default} locally. */
    String defaultNamespace();

    /** Every function, with its status. */
    List<Function> functions();

    /** One function, if it exists. */
    Optional<Function> function(String namespace, String name);

    /** The function's revisions, oldest first; empty when there is no such function. */
    Optional<List<FunctionRevision>> revisions(String namespace, String name);

    /**
     * Replaces the function's traffic.
     *
     * @return the function as it is after the change; empty when there is no such function
     * @throws dev.quiver.runtime.local.InvalidTrafficException when the targets are invalid or name unknown revisions
     * @throws DashboardException when the platform cannot change it now (the API server refused or failed)
     */
    Optional<Function> setTraffic(String namespace, String name, List<TrafficTarget> traffic);

    /**
     * The output of a revision's replicas (the latest created one when none is named), whole or its last part.
     *
     * @return the text; empty when there is no such revision
     * @throws DashboardException (501) when the platform does not serve logs to the dashboard
     */
    Optional<String> logs(String namespace, String name, String revision);

    /** The state of the function's event triggers as this runtime sees them. */
    List<TriggerStatus> triggers(String namespace, String name);

    /** The function's running and recent jobs (Job mode). */
    JobInvoker.Report jobs(String namespace, String name);

    /**
     * Recent asynchronous invocations of the function, newest first, as JSON-ready maps
     * ({@code id, state, revision, status, createdAt, ...}): those this runtime replica accepted or ran lately
     * ({@link dev.quiver.runtime.async.RecentInvocations}); empty where asynchronous invocations are off.
     */
    default List<Map<String, Object>> invocations(String namespace, String name) {
        return List.of();
    }
}
