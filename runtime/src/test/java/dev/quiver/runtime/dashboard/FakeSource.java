package dev.quiver.runtime.dashboard;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.validation.Problem;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.local.InvalidTrafficException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link DashboardSource}: one function {@code hello} with revisions hello-00001 and hello-00002. */
final class FakeSource implements DashboardSource {

    final Map<String, Function> functions = new ConcurrentHashMap<>();
    volatile List<TrafficTarget> lastTraffic;
    volatile String logText = "";
    volatile boolean logsSupported = true;

    FakeSource() {
        Function hello = ApiJson.fromYaml("""
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata: {name: hello, namespace: default}
                spec: {image: example/hello}
                status:
                  latestCreatedRevisionName: hello-00002
                  latestReadyRevisionName: hello-00002
                  url: http://localhost:8080/fn/hello
                """, Function.class);
        functions.put("hello", hello);
    }

    @Override
    public String platform() {
        return "fake";
    }

    @Override
    public String defaultNamespace() {
        return "default";
    }

    @Override
    public List<Function> functions() {
        return List.copyOf(functions.values());
    }

    @Override
    public Optional<Function> function(String namespace, String name) {
        return namespace == null || namespace.equals("default") ? Optional.ofNullable(functions.get(name))
                : Optional.empty();
    }

    @Override
    public Optional<List<FunctionRevision>> revisions(String namespace, String name) {
        return function(namespace, name).map(f -> List.of(revision("hello-00001"), revision("hello-00002")));
    }

    @Override
    public Optional<Function> setTraffic(String namespace, String name, List<TrafficTarget> traffic) {
        Optional<Function> function = function(namespace, name);
        if (function.isEmpty()) {
            return function;
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < traffic.size(); i++) {
            String revision = traffic.get(i).revisionName;
            if (revision != null && !revision.equals("hello-00001") && !revision.equals("hello-00002")) {
                problems.add(new Problem("spec.traffic[" + i + "].revisionName", "revision '" + revision
                        + "' does not exist"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidTrafficException(problems);
        }
        lastTraffic = traffic;
        function.get().getStatus().traffic = new ArrayList<>(traffic);
        return function;
    }

    @Override
    public Optional<String> logs(String namespace, String name, String revision) {
        if (!logsSupported) {
            throw DashboardException.notSupported("no logs here; run 'quiver logs " + name + "'");
        }
        return function(namespace, name).map(f -> logText);
    }

    @Override
    public List<TriggerStatus> triggers(String namespace, String name) {
        return List.of(new TriggerStatus("jetstream", "orders.created", null, "ORDERS", "hello", "Active", null, 10L,
                3L, 1L, 2L, 1L, 0L));
    }

    @Override
    public JobInvoker.Report jobs(String namespace, String name) {
        return new JobInvoker.Report(name, 0, 0, null, List.of());
    }

    private static FunctionRevision revision(String name) {
        return ApiJson.fromYaml("""
                apiVersion: quiver.dev/v1alpha1
                kind: FunctionRevision
                metadata: {name: %s, namespace: default}
                spec: {functionName: hello, image: example/hello}
                """.formatted(name), FunctionRevision.class);
    }
}
