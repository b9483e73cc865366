package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.Triggers;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.runtime.events.TriggerStatuses;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.platform.Leadership;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Publishes the state of each Function's NATS and JetStream triggers for the controller and the CLI: a
 * {@link TriggerReport} in a Lease {@code <function>-triggers} in the Function's namespace, owned by the Function (so
 * it goes with it). Only the leader writes, so the Function has one reporter; it writes when a trigger's state
 * changes, and at least every heartbeat (with the counters of the moment) so that a report nobody renews is
 * recognisably stale: its {@code leaseDurationSeconds} says how long it holds. The counters other than the
 * consumer's lag are the leader replica's own.
 */
public final class TriggerReports {

    private static final Logger LOG = Logger.getLogger(TriggerReports.class);
    /** How long a write that failed (API server down, no permission) waits before it is tried again. */
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final Leadership leadership;
    private final String identity;
    private final Supplier<List<Function>> functions;
    private final TriggerStatuses statuses;
    private final BooleanSupplier natsConnected;
    private final Clock clock;
    private final Duration heartbeat;
    private final Duration validFor;
    /** What this replica last wrote per function ({@code namespace/name}) while leading. */
    private final Map<String, Written> written = new HashMap<>();

    private record Written(String uid, String state, Instant at, boolean failed) {
    }

    /**
     * A reporter.
     *
     * @param identity      this replica's name, written as the reports' holder
     * @param functions     the Functions this runtime serves
     * @param statuses      the state of their triggers in this replica
     * @param natsConnected whether this replica is connected to NATS
     * @param heartbeat     an unchanged report is written again this often
     * @param validFor      how long a report holds without renewal (longer than the heartbeat)
     */
    public TriggerReports(KubernetesClient client, Leadership leadership, String identity, Supplier<List<Function>> functions,
            TriggerStatuses statuses, BooleanSupplier natsConnected, Clock clock, Duration heartbeat, Duration validFor) {
        if (validFor.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("a trigger report must hold longer than its heartbeat (" + heartbeat + ")");
        }
        this.client = client;
        this.leadership = leadership;
        this.identity = identity;
        this.functions = functions;
        this.statuses = statuses;
        this.natsConnected = natsConnected;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.validFor = validFor;
    }

    /** Writes the reports that changed or are due; does nothing unless this replica leads. Called once a second. */
    public synchronized void tick() {
        if (!leadership.isLeader()) {
            // A replica that leads again later knows nothing of what the leader in between wrote.
            written.clear();
            return;
        }
        Instant now = clock.instant();
        boolean connected = natsConnected.getAsBoolean();
        Set<String> seen = new HashSet<>();
        for (Function function : functions.get()) {
            String key = function.getMetadata().getNamespace() + "/" + function.getMetadata().getName();
            seen.add(key);
            Written last = written.get(key);
            if (!hasEventTriggers(function)) {
                // Triggers removed: say so once, so that no reader keeps showing the old ones.
                if (last != null && !last.failed()) {
                    TriggerReport none = new TriggerReport(connected, List.of());
                    write(function, none, none.encode(), now, last);
                }
                written.remove(key);
                continue;
            }
            List<TriggerStatus> states = statuses.statuses(function.getMetadata().getNamespace(),
                    function.getMetadata().getName());
            if (states.isEmpty()) {
                continue; // not bound yet: nothing to say
            }
            TriggerReport report = new TriggerReport(connected, states.stream().map(TriggerReports::entry).toList());
            String state = report.withoutCounters().encode();
            if (last != null && Objects.equals(last.uid(), function.getMetadata().getUid())
                    && (last.failed() ? now.isBefore(last.at().plus(RETRY))
                    : last.state().equals(state) && now.isBefore(last.at().plus(heartbeat)))) {
                continue;
            }
            written.put(key, write(function, report, state, now, last));
        }
        // Gone Functions take their reports with them (owner reference).
        written.keySet().retainAll(seen);
    }

    private Written write(Function function, TriggerReport report, String state, Instant now, Written last) {
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        Lease lease = new LeaseBuilder()
                .withNewMetadata().withName(TriggerReport.leaseName(name)).withNamespace(namespace)
                .addToLabels(TriggerReport.FUNCTION_LABEL, name)
                .addToAnnotations(TriggerReport.ANNOTATION, report.encode())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(function.getApiVersion())
                        .withKind(function.getKind()).withName(name).withUid(function.getMetadata().getUid()).build())
                .endMetadata()
                .withNewSpec().withHolderIdentity(identity)
                .withRenewTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
                .withLeaseDurationSeconds((int) validFor.toSeconds()).endSpec()
                .build();
        try {
            client.leases().inNamespace(namespace).resource(lease).createOr(existing -> existing.update());
            if (last == null || last.failed() || !last.state().equals(state)) {
                LOG.debugf("%s/%s: trigger report written", namespace, name);
            }
            return new Written(function.getMetadata().getUid(), state, now, false);
        } catch (KubernetesClientException e) {
            if (last == null || !last.failed()) {
                LOG.warnf("%s/%s: cannot write the trigger report %s: %s (tried again every %ss)", namespace, name,
                        TriggerReport.leaseName(name), e.getMessage(), RETRY.toSeconds());
            }
            return new Written(function.getMetadata().getUid(), "", now, true);
        }
    }

    private static TriggerReport.Entry entry(TriggerStatus status) {
        return new TriggerReport.Entry(status.kind(), status.subject(), status.queueGroup(), status.stream(),
                status.durable(), status.state(), status.message(), status.delivered(), status.pending(),
                status.ackPending(), status.redelivered(), status.deadLettered(), status.failed());
    }

    private static boolean hasEventTriggers(Function function) {
        Triggers triggers = function.getSpec().triggersOrDefault();
        return !triggers.nats.isEmpty() || !triggers.jetstream.isEmpty();
    }
}
