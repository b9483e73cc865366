package dev.quiver.cli.backend;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.Triggers;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.rollout.RolloutProgress;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;
import dev.quiver.cli.view.ClusterTriggers;
import dev.quiver.cli.view.EventLine;
import dev.quiver.cli.view.EventStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The functions of one namespace of a Kubernetes cluster: {@code Function} and {@code FunctionRevision} objects,
 * the pods of their revisions and the events about them. Writes touch a Function's spec only; its status belongs
 * to the controller.
 */
public final class KubernetesBackend implements FunctionsBackend {

    private static final int EDIT_ATTEMPTS = 5;
    private static final long COMMAND_POLL_MILLIS = 200;
    /** How often {@code logs -f} looks for replicas that started after it. */
    static final long FOLLOW_NEW_PODS_MILLIS = 2000;

    private final KubernetesClient client;
    private final String namespace;

    /** A backend on the given client, in the given namespace. */
    public KubernetesBackend(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The namespace it works in. */
    public String namespace() {
        return namespace;
    }

    @Override
    public String describe() {
        String server = client.getConfiguration().getMasterUrl();
        String context = client.getConfiguration().getCurrentContext() == null ? null
                : client.getConfiguration().getCurrentContext().getName();
        return "cluster " + (context == null ? server : context) + ", namespace " + namespace;
    }

    @Override
    public List<Function> list() {
        return call(() -> functions().list().getItems().stream()
                .sorted(Comparator.comparing(f -> f.getMetadata().getName())).toList());
    }

    @Override
    public Function get(String name) {
        Function function = find(name);
        if (function == null) {
            throw new CliException(ExitCodes.FAILED, "no function " + name + " in namespace " + namespace
                    + " (quiver list shows them; pass --namespace for another one)");
        }
        return function;
    }

    @Override
    public Function find(String name) {
        return call(() -> functions().withName(name).get());
    }

    @Override
    public List<FunctionRevision> revisions(String name) {
        // Filtered on the spec, not only the label: a revision is the function's by what it snapshots.
        return call(() -> client.resources(FunctionRevision.class).inNamespace(namespace).list().getItems().stream()
                .filter(r -> r.getSpec() != null && name.equals(r.getSpec().functionName))
                .toList());
    }

    /**
     * The runtime's report on the function's NATS and JetStream triggers: the Lease {@code <name>-triggers} its
     * leader writes beside the Function. Empty for a function without such triggers.
     */
    @Override
    public Optional<EventStatus.Triggers> triggers(String name) {
        Function function = get(name);
        Triggers spec = function.getSpec().triggersOrDefault();
        if (spec.nats.isEmpty() && spec.jetstream.isEmpty()) {
            return Optional.empty();
        }
        Lease lease = call(() -> client.leases().inNamespace(namespace).withName(TriggerReport.leaseName(name)).get());
        // A report left by an earlier Function of the same name is not this one's.
        boolean ours = lease != null && lease.getMetadata().getOwnerReferences() != null
                && lease.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> Objects.equals(ref.getUid(), function.getMetadata().getUid()));
        if (!ours) {
            return Optional.of(ClusterTriggers.of(function, null, null, null, Instant.now()));
        }
        String text = lease.getMetadata().getAnnotations() == null ? null
                : lease.getMetadata().getAnnotations().get(TriggerReport.ANNOTATION);
        Instant renewed = lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? null
                : lease.getSpec().getRenewTime().toInstant();
        Duration validFor = lease.getSpec() == null || lease.getSpec().getLeaseDurationSeconds() == null ? null
                : Duration.ofSeconds(lease.getSpec().getLeaseDurationSeconds());
        return Optional.of(ClusterTriggers.of(function, TriggerReport.decode(text), renewed, validFor, Instant.now()));
    }

    @Override
    public Function setTraffic(String name, List<TrafficTarget> traffic) {
        return editTraffic(name, function -> function.getSpec().traffic = new ArrayList<>(traffic));
    }

    @Override
    public Function setTrafficAndSticky(String name, List<TrafficTarget> traffic, StickySplit sticky) {
        return editTraffic(name, function -> {
            function.getSpec().traffic = new ArrayList<>(traffic);
            function.getSpec().sticky = sticky;
        });
    }

    /**
     * Asks the controller by the annotation {@value RolloutProgress#COMMAND_ANNOTATION} (a merge patch of it alone,
     * so nothing else of the Function is rewritten), then reads the Function until its {@code status.rollout.command}
     * shows the command acted on, or {@code wait} has passed.
     */
    @Override
    public RolloutAnswer rollout(String name, String verb, String revision, Duration wait) {
        String command = RolloutProgress.Command.text(verb, revision, UUID.randomUUID().toString());
        String patch = ApiJson.toJson(Map.of("metadata", Map.of("annotations", Map.of(
                RolloutProgress.COMMAND_ANNOTATION, command))));
        Function function;
        try {
            function = functions().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            throw failure("update", name, e);
        }
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            if (function.getStatus() != null && function.getStatus().rollout != null
                    && command.equals(function.getStatus().rollout.command)) {
                return new RolloutAnswer(function, true);
            }
            if (!Instant.now().isBefore(deadline)) {
                return new RolloutAnswer(function, false);
            }
            try {
                Thread.sleep(COMMAND_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RolloutAnswer(function, false);
            }
            function = get(name);
        }
    }

    private Function editTraffic(String name, Consumer<Function> change) {
        get(name);
        Function updated = editSpec(name, function -> {
            change.accept(function);
            // Refused here with the same words as quiver dev, before the API server's terser CEL message.
            List<Problem> problems = FunctionValidator.validate(function);
            if (!problems.isEmpty()) {
                throw new CliException(ExitCodes.FAILED, "the traffic of " + name + " is not valid",
                        problems.stream().map(Problem::toString).toList());
            }
        });
        // The controller resolves the new split into the status later: show the traffic asked for meanwhile.
        if (updated.getStatus() != null) {
            updated.getStatus().traffic = new ArrayList<>();
        }
        return updated;
    }

    @Override
    public String logs(String name, LogQuery query) {
        StringBuilder text = new StringBuilder();
        List<Pod> pods = pods(name, query.revision());
        for (Pod pod : pods) {
            String log = call(() -> logOf(pod.getMetadata().getName(), query).getLog());
            String prefix = pods.size() > 1 ? "[" + pod.getMetadata().getName() + "] " : "";
            if (log != null) {
                log.lines().forEach(line -> text.append(prefix).append(line).append('\n'));
            }
        }
        if (pods.isEmpty()) {
            throw new CliException(ExitCodes.FAILED, name + " has no running replica"
                    + (query.revision() == null ? "" : " of " + query.revision()) + " in namespace " + namespace
                    + " (a revision at zero replicas has no logs; invoke it first)");
        }
        return text.toString();
    }

    /**
     * Follows every replica's log, and looks for new replicas every {@value #FOLLOW_NEW_PODS_MILLIS} ms (a
     * scale-up, a new revision, a wake from zero), whose logs are followed from their start.
     */
    @Override
    public void followLogs(String name, LogQuery query, PrintWriter out) {
        Map<String, LogWatch> watches = new LinkedHashMap<>();
        OutputStream sink = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                out.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                out.write(new String(bytes, offset, length, StandardCharsets.UTF_8));
                out.flush();
            }
        };
        try {
            for (boolean first = true; !Thread.currentThread().isInterrupted(); first = false) {
                for (Pod pod : pods(name, query.revision())) {
                    String podName = pod.getMetadata().getName();
                    if (!watches.containsKey(podName)) {
                        // the query's tail and since are for what was there when we started; later pods from their start
                        LogQuery forPod = first ? query : LogQuery.of(query.revision());
                        watches.put(podName, logOf(podName, forPod).watchLog(sink));
                    }
                }
                if (first && watches.isEmpty()) {
                    throw new CliException(ExitCodes.FAILED, name + " has no running replica to follow in namespace "
                            + namespace);
                }
                Thread.sleep(FOLLOW_NEW_PODS_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watches.values().forEach(LogWatch::close);
        }
    }

    /** One replica's function container log, cut as the query asks (the API server does the cutting). */
    private Loggable logOf(String pod, LogQuery query) {
        TimeTailPrettyLoggable container = client.pods().inNamespace(namespace).withName(pod).inContainer(ChildNames.CONTAINER);
        TailPrettyLoggable since = query.since() == null ? container
                : container.sinceSeconds((int) Math.min(Integer.MAX_VALUE, Math.max(1, query.since().toSeconds())));
        return query.tailLines() == null ? since : since.tailingLines(query.tailLines());
    }

    @Override
    public Function apply(Function desired) {
        String name = desired.getMetadata().getName();
        Function existing = find(name);
        if (existing == null) {
            Function fresh = new Function();
            ObjectMeta metadata = new ObjectMeta();
            metadata.setName(name);
            metadata.setNamespace(namespace);
            metadata.setLabels(desired.getMetadata().getLabels());
            metadata.setAnnotations(desired.getMetadata().getAnnotations());
            fresh.setMetadata(metadata);
            fresh.setSpec(desired.getSpec());
            try {
                return client.resource(fresh).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw failure("create", name, e);
                }
                // Created by someone else in between: update it like any other.
            }
        }
        return editSpec(name, function -> {
            function.setSpec(desired.getSpec());
            if (desired.getMetadata().getLabels() != null) {
                function.getMetadata().getLabels().putAll(desired.getMetadata().getLabels());
            }
            if (desired.getMetadata().getAnnotations() != null) {
                function.getMetadata().getAnnotations().putAll(desired.getMetadata().getAnnotations());
            }
        });
    }

    @Override
    public boolean delete(String name) {
        return call(() -> !functions().withName(name).delete().isEmpty());
    }

    @Override
    public List<EventLine> events(String name) {
        // All events of the namespace, filtered here: field selectors on involvedObject are not served everywhere.
        List<Event> events = call(() -> client.v1().events().inNamespace(namespace).list().getItems());
        return events.stream()
                .filter(e -> e.getInvolvedObject() != null && concerns(name, e.getInvolvedObject().getKind(),
                        e.getInvolvedObject().getName()))
                .map(KubernetesBackend::line)
                .sorted(Comparator.comparing(line -> Objects.requireNonNullElse(line.time(), "")))
                .toList();
    }

    // Exactly the function's own revisions (<function>-NNNNN): a prefix would also take hello-world's for hello.
    private static boolean concerns(String function, String kind, String object) {
        return object != null && ("Function".equals(kind) && object.equals(function)
                || "FunctionRevision".equals(kind) && RevisionNames.number(function, object).isPresent());
    }

    private static EventLine line(Event event) {
        String time = event.getLastTimestamp() != null ? event.getLastTimestamp()
                : event.getEventTime() != null ? event.getEventTime().getTime() : event.getFirstTimestamp();
        return new EventLine(time, event.getType(), event.getReason(),
                event.getInvolvedObject().getKind() + "/" + event.getInvolvedObject().getName(), event.getMessage(),
                event.getCount() == null ? 1 : event.getCount());
    }

    private List<Pod> pods(String name, String revision) {
        return call(() -> client.pods().inNamespace(namespace)
                .withLabel(revision == null ? Labels.FUNCTION : Labels.REVISION, revision == null ? name : revision)
                .list().getItems().stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList());
    }

    /** Reads, changes and writes the spec; reads again when the controller wrote in between (409), as kubectl does. */
    private Function editSpec(String name, Consumer<Function> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return functions().withName(name).edit(function -> {
                    change.accept(function);
                    return function;
                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == EDIT_ATTEMPTS) {
                    throw failure("update", name, e);
                }
            }
        }
    }

    private NonNamespaceOperation<Function, KubernetesResourceList<Function>, Resource<Function>> functions() {
        return client.resources(Function.class).inNamespace(namespace);
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw failure("read", "functions", e);
        }
    }

    private CliException failure(String verb, String what, KubernetesClientException e) {
        if (e.getCode() == 0 || e.getCause() instanceof IOException) {
            return new CliException(ExitCodes.NOT_RUNNING, "cannot reach the " + describe() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                    + " (check your kubeconfig, or use --target dev for a local runtime)");
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return new CliException(ExitCodes.FAILED, "the cluster refused to " + verb + " " + what + ": " + message);
    }
}
