package dev.quiver.runtime.dashboard;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.events.TriggerStatuses;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.local.LocalFunctionStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's view of the local platform: the same store, trigger states and job results the admin API serves
 * ({@link dev.quiver.runtime.local.AdminServer}), so both show one truth. Its only namespace is
 * {@value LocalFunctionStore#NAMESPACE}; any other names no function.
 */
public final class LocalDashboardSource implements DashboardSource {

    private final LocalFunctionStore store;
    private final TriggerStatuses triggers;
    private final JobInvoker jobs;
    private final InvocationList invocations;

    /**
     * A source over the local platform.
     *
     * @param jobs where the results of Job-mode functions are, or null when none run
     * @param invocations the recent asynchronous invocations
     */
    public LocalDashboardSource(LocalFunctionStore store, TriggerStatuses triggers, JobInvoker jobs,
            InvocationList invocations) {
        this.store = store;
        this.triggers = triggers;
        this.jobs = jobs;
        this.invocations = invocations;
    }

    @Override
    public String platform() {
        return "local";
    }

    @Override
    public String defaultNamespace() {
        return LocalFunctionStore.NAMESPACE;
    }

    @Override
    public List<Function> functions() {
        return store.functions();
    }

    @Override
    public Optional<Function> function(String namespace, String name) {
        return local(namespace) ? store.function(name) : Optional.empty();
    }

    @Override
    public Optional<List<FunctionRevision>> revisions(String namespace, String name) {
        return local(namespace) ? store.revisions(name) : Optional.empty();
    }

    @Override
    public Optional<Function> setTraffic(String namespace, String name, List<TrafficTarget> traffic) {
        return local(namespace) ? store.setTraffic(name, traffic) : Optional.empty();
    }

    @Override
    public Optional<String> logs(String namespace, String name, String revision) {
        return local(namespace) ? store.logs(name, revision) : Optional.empty();
    }

    @Override
    public List<TriggerStatus> triggers(String namespace, String name) {
        return triggers.statuses(LocalFunctionStore.NAMESPACE, name);
    }

    @Override
    public JobInvoker.Report jobs(String namespace, String name) {
        return jobs == null ? new JobInvoker.Report(name, 0, 0, null, List.of())
                : jobs.report(LocalFunctionStore.NAMESPACE, name);
    }

    private static boolean local(String namespace) {
        return namespace == null || LocalFunctionStore.NAMESPACE.equals(namespace);
    }

    @Override
    public List<Map<String, Object>> invocations(String namespace, String name) {
        return invocations.of(namespace, name);
    }
}
