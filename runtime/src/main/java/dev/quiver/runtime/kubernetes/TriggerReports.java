package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.api.Triggers;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.runtime.events.TriggerStatuses;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.platform.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Publishes the state of each Function's NATS and JetStream triggers for the controller and the CLI: a
 * {@link TriggerReport} in a Lease {@code <function>-triggers} in the Function's namespace, owned by the Function (so
 * it goes with it). Only the leader writes, so the Function has one reporter; it writes when a trigger's state
 * changes, and at least every heartbeat (with the counters of the moment) so that a report nobody renews is
 * recognisably stale: its {@code leaseDurationSeconds} says how long it holds. The counters other than the
 * consumer's lag are the leader replica's own.
 */
public final class TriggerReports {

    private final Leadership leadership;
    private final Supplier<List<Function>> functions;
    private final TriggerStatuses statuses;
    private final BooleanSupplier natsConnected;
    private final Clock clock;
    private final FunctionReportLeases leases;

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
        this.leases = new FunctionReportLeases(client, identity, "trigger report", TriggerReport.ANNOTATION,
                TriggerReport::leaseName, heartbeat, validFor);
        this.leadership = leadership;
        this.functions = functions;
        this.statuses = statuses;
        this.natsConnected = natsConnected;
        this.clock = clock;
    }

    /** Writes the reports that changed or are due; does nothing unless this replica leads. Called once a second. */
    public synchronized void tick() {
        if (!leadership.isLeader()) {
            leases.forgetAll();
            return;
        }
        Instant now = clock.instant();
        boolean connected = natsConnected.getAsBoolean();
        Set<String> seen = new HashSet<>();
        for (Function function : functions.get()) {
            seen.add(FunctionReportLeases.key(function));
            if (!hasEventTriggers(function)) {
                // Triggers removed: say so once, so that no reader keeps showing the old ones.
                FunctionReportLeases.Written last = leases.last(function);
                if (last != null && !last.failed()) {
                    String none = new TriggerReport(connected, List.of()).encode();
                    leases.write(function, none, none, now);
                }
                leases.forget(function);
                continue;
            }
            List<TriggerStatus> states = statuses.statuses(function.getMetadata().getNamespace(),
                    function.getMetadata().getName());
            if (states.isEmpty()) {
                continue; // not bound yet: nothing to say
            }
            TriggerReport report = new TriggerReport(connected, states.stream().map(TriggerReports::entry).toList());
            // The counters alone change the report only with the heartbeat.
            String state = report.withoutCounters().encode();
            if (leases.due(function, state, now)) {
                leases.write(function, report.encode(), state, now);
            }
        }
        leases.retainOnly(seen);
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
