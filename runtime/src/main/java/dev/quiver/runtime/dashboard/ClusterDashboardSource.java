package dev.quiver.runtime.dashboard;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import dev.quiver.runtime.events.TriggerStatuses;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.kubernetes.KubernetesRouteCatalog;
import dev.quiver.runtime.local.InvalidTrafficException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The dashboard's view of a cluster: Functions and FunctionRevisions from the runtime's informers (no API call per
 * read), trigger states and jobs as this replica sees them. A traffic change is checked like {@code quiver traffic}
 * checks it, then written like {@code quiver traffic} writes it (a JSON patch of the Function's {@code spec.traffic}
 * alone); the controller
 * resolves it into the status, as for any other edit. Logs are not served: they live in the pods, and
 * {@code quiver logs} reads them.
 */
public final class ClusterDashboardSource implements DashboardSource {

    private final KubernetesRouteCatalog catalog;
    private final KubernetesClient client;
    private final TriggerStatuses triggers;
    private final JobInvoker jobs;
    private final InvocationList invocations;

    /**
     * A source over the cluster.
     *
     * @param catalog  the informers' caches of Functions and FunctionRevisions
     * @param client   what patches a Function's traffic
     * @param triggers this replica's trigger states
     * @param jobs     this replica's jobs, or null
     * @param invocations this replica's recent asynchronous invocations
     */
    public ClusterDashboardSource(KubernetesRouteCatalog catalog, KubernetesClient client, TriggerStatuses triggers,
            JobInvoker jobs,
            InvocationList invocations) {
        this.catalog = catalog;
        this.client = client;
        this.triggers = triggers;
        this.jobs = jobs;
        this.invocations = invocations;
    }

    @Override
    public String platform() {
        return "kubernetes";
    }

    @Override
    public String defaultNamespace() {
        return catalog.defaultNamespace();
    }

    @Override
    public List<Function> functions() {
        return catalog.functions().stream()
                .sorted(Comparator.comparing((Function f) -> f.getMetadata().getNamespace())
                        .thenComparing(f -> f.getMetadata().getName()))
                .map(ClusterDashboardSource::shown).toList();
    }

    @Override
    public Optional<Function> function(String namespace, String name) {
        return catalog.function(ns(namespace), name).map(ClusterDashboardSource::shown);
    }

    @Override
    public Optional<List<FunctionRevision>> revisions(String namespace, String name) {
        if (catalog.function(ns(namespace), name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(catalog.revisionsOf(ns(namespace), name).stream()
                .sorted(Comparator.comparing(r -> r.getMetadata().getName()))
                .map(r -> {
                    FunctionRevision copy = ApiJson.copy(r, FunctionRevision.class);
                    copy.getMetadata().setManagedFields(null);
                    return copy;
                }).toList());
    }

    @Override
    public Optional<Function> setTraffic(String namespace, String name, List<TrafficTarget> traffic) {
        String ns = ns(namespace);
        Optional<Function> cached = catalog.function(ns, name);
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        check(cached.get(), traffic);
        try {
            return Optional.ofNullable(patchTraffic(ns, name, traffic)).map(ClusterDashboardSource::shown);
        } catch (KubernetesClientException e) {
            throw switch (e.getCode()) {
                case 404 -> new DashboardException(404, "NotFound", "no function named " + name + " in namespace "
                        + ns + " (it was deleted)");
                case 409 -> new DashboardException(409, "Conflict", "the Function " + ns + "/" + name
                        + " changed meanwhile; try again");
                case 422 -> new InvalidTrafficException(List.of(new Problem("spec.traffic", e.getMessage())));
                case 401, 403 -> new DashboardException(502, "Forbidden", "the runtime may not patch Functions in "
                        + ns + ": its RBAC needs the 'patch' verb on functions.quiver.dev");
                default -> new DashboardException(502, "Upstream", "the Kubernetes API failed to patch " + ns + "/"
                        + name + " (" + e.getCode() + "); try again");
            };
        }
    }

    /**
     * Writes {@code spec.traffic} as {@code quiver traffic} does: an edit, which the client sends as a JSON patch of
     * the fields that changed (only the traffic), tried again when another writer raced it.
     */
    private Function patchTraffic(String ns, String name, List<TrafficTarget> traffic) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(Function.class).inNamespace(ns).withName(name).edit(function -> {
                    function.getSpec().traffic = new ArrayList<>(traffic);
                    return function;
                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<String> logs(String namespace, String name, String revision) {
        throw DashboardException.notSupported("the dashboard shows no logs on a cluster: the replicas' logs are in "
                + "their pods; run 'quiver logs " + name + "' (or kubectl logs)");
    }

    @Override
    public List<TriggerStatus> triggers(String namespace, String name) {
        return triggers.statuses(ns(namespace), name);
    }

    @Override
    public JobInvoker.Report jobs(String namespace, String name) {
        return jobs == null ? new JobInvoker.Report(name, 0, 0, null, List.of()) : jobs.report(ns(namespace), name);
    }

    /** The same checks as {@code quiver traffic}: the spec's rules, and every named revision must exist. */
    private void check(Function function, List<TrafficTarget> traffic) {
        Function candidate = ApiJson.copy(function, Function.class);
        candidate.getSpec().traffic = new ArrayList<>(traffic);
        List<Problem> problems = new ArrayList<>(FunctionValidator.validate(candidate).stream()
                .filter(p -> p.path().startsWith("spec.traffic")).toList());
        Set<String> known = catalog.revisionsOf(function.getMetadata().getNamespace(), function.getMetadata().getName())
                .stream().map(r -> r.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
        for (int i = 0; i < traffic.size(); i++) {
            String revision = traffic.get(i).revisionName;
            if (revision != null && !known.contains(revision)) {
                problems.add(new Problem("spec.traffic[" + i + "].revisionName", "revision '" + revision
                        + "' does not exist; the revisions of " + function.getMetadata().getName() + " are " + known));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidTrafficException(problems);
        }
    }

    private String ns(String namespace) {
        return namespace == null || namespace.isBlank() ? catalog.defaultNamespace() : namespace;
    }

    /** A copy without managedFields, which only the API server's bookkeeping needs. */
    private static Function shown(Function function) {
        Function copy = ApiJson.copy(function, Function.class);
        copy.getMetadata().setManagedFields(null);
        return copy;
    }

    @Override
    public List<Map<String, Object>> invocations(String namespace, String name) {
        return invocations.of(namespace, name);
    }
}
