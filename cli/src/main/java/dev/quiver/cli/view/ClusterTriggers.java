package dev.quiver.cli.view;

import dev.quiver.api.Function;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.Triggers;
import dev.quiver.api.triggers.TriggerReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Triggers:" section of {@code quiver describe} on a cluster: the triggers of the spec, each with the state and
 * counters the runtime last reported for it (a Lease beside the Function), and a note on how old that report is.
 */
public final class ClusterTriggers {

    /** The state of a trigger the runtime has not reported. */
    public static final String UNKNOWN = "Unknown";

    private ClusterTriggers() {
    }

    /**
     * The triggers of a function as the runtime reported them.
     *
     * @param function the Function
     * @param report   the runtime's report, or null when there is none
     * @param renewed  when it was last written
     * @param validFor how long it holds without renewal
     * @param now      the time, to tell a stale report
     */
    public static EventStatus.Triggers of(Function function, TriggerReport report, Instant renewed, Duration validFor,
            Instant now) {
        String name = function.getMetadata().getName();
        Triggers spec = function.getSpec().triggersOrDefault();
        List<EventStatus.Trigger> rows = new ArrayList<>();
        for (NatsTrigger trigger : spec.nats) {
            rows.add(report == null || report.find(trigger) == null
                    ? unreported(TriggerReport.NATS, trigger.subject, trigger.queueGroup, null, null, report)
                    : row(report.find(trigger)));
        }
        for (JetStreamTrigger trigger : spec.jetstream) {
            rows.add(report == null || report.find(trigger) == null
                    ? unreported(TriggerReport.JETSTREAM, trigger.subject, null, trigger.stream, trigger.durable, report)
                    : row(report.find(trigger)));
        }
        return new EventStatus.Triggers(name, rows, note(function, report, renewed, validFor, now));
    }

    private static String note(Function function, TriggerReport report, Instant renewed, Duration validFor, Instant now) {
        if (report == null) {
            return "the runtime has not reported on these triggers (is it running, and does it serve namespace "
                    + function.getMetadata().getNamespace() + "?)";
        }
        if (!TriggerReport.fresh(renewed, validFor, now)) {
            return "stale: the runtime last reported at " + renewed + ", more than " + validFor.toSeconds()
                    + "s ago (is it running?); states and counters may be out of date";
        }
        String nats = Boolean.FALSE.equals(report.natsConnected()) ? "; the runtime cannot reach NATS" : "";
        return "reported by the runtime at " + renewed + nats
                + "; DELIVERED, REDELIVERED, DEAD-LETTERED and FAILED count its leader replica's deliveries";
    }

    private static EventStatus.Trigger row(TriggerReport.Entry entry) {
        return new EventStatus.Trigger(entry.kind(), entry.subject(), entry.queueGroup(), entry.stream(), entry.durable(),
                entry.state(), entry.message(), entry.delivered(), entry.pending(), entry.ackPending(), entry.redelivered(),
                entry.deadLettered(), entry.failed());
    }

    private static EventStatus.Trigger unreported(String kind, String subject, String queueGroup, String stream,
            String durable, TriggerReport report) {
        return new EventStatus.Trigger(kind, subject, queueGroup, stream, durable, UNKNOWN,
                report == null ? null : "not bound by the runtime yet", null, null, null, null, null, null);
    }
}
