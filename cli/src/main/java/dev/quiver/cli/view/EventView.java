package dev.quiver.cli.view;

import java.util.Optional;

/** The event side of {@code quiver describe}: trigger state with its counters, and a Job-mode function's Jobs. */
public final class EventView {

    /** Printed when the runtime has no route for the status. */
    public static final String NOT_AVAILABLE = "not available (this runtime does not report it)";

    private EventView() {
    }

    /**
     * The "Triggers:" section: one row per NATS or JetStream trigger with its state and counters (consumer lag as
     * PENDING, redeliveries, dead letters), then the reason of every trigger that is not Active.
     *
     * @param triggers the runtime's report, or empty when it has none
     */
    public static String triggers(Optional<EventStatus.Triggers> triggers) {
        StringBuilder text = new StringBuilder("Triggers:\n");
        if (triggers.isEmpty()) {
            return text.append("  trigger status ").append(NOT_AVAILABLE).append('\n').toString();
        }
        if (triggers.get().note() != null) {
            text.append("  ").append(triggers.get().note()).append('\n');
        }
        if (triggers.get().triggers().isEmpty()) {
            return text.append("  (no NATS or JetStream triggers)\n").toString();
        }
        Table table = new Table("KIND", "SUBJECT", "SOURCE", "STATE", "DELIVERED", "PENDING", "ACK-PENDING",
                "REDELIVERED", "DEAD-LETTERED", "FAILED");
        StringBuilder reasons = new StringBuilder();
        for (EventStatus.Trigger trigger : triggers.get().triggers()) {
            table.row(trigger.kind(), trigger.subject(), source(trigger), trigger.state(), trigger.delivered(),
                    trigger.pending(), trigger.ackPending(), trigger.redelivered(), trigger.deadLettered(), trigger.failed());
            if (trigger.message() != null && !trigger.message().isBlank() && !"Active".equals(trigger.state())) {
                reasons.append("  ").append(trigger.subject()).append(": ").append(trigger.message()).append('\n');
            }
        }
        return text.append(table.render("  ")).append(reasons).toString();
    }

    /**
     * The "Jobs:" section of a Job-mode function: running against the cap, then the latest finished Jobs.
     *
     * @param jobs the runtime's report, or empty when it has none
     */
    public static String jobs(Optional<EventStatus.Jobs> jobs) {
        StringBuilder text = new StringBuilder("Jobs:\n");
        if (jobs.isEmpty()) {
            return text.append("  job status ").append(NOT_AVAILABLE).append('\n').toString();
        }
        EventStatus.Jobs report = jobs.get();
        text.append("  running: ").append(report.running() == null ? 0 : report.running())
                .append(report.cap() == null ? "" : " of at most " + report.cap()).append('\n');
        if (report.results().isEmpty()) {
            return text.append("  (no finished jobs yet)\n").toString();
        }
        Table table = new Table("ID", "REVISION", "STATUS", "EXIT", "DURATION", "FINISHED", "ERROR");
        for (EventStatus.JobResult result : report.results()) {
            table.row(result.id(), result.revision(), result.status(), result.exitCode(),
                    result.durationMillis() == null ? null : result.durationMillis() + "ms", result.finishedAt(),
                    result.error());
        }
        return text.append(table.render("  ")).toString();
    }

    private static String source(EventStatus.Trigger trigger) {
        if (trigger.stream() != null) {
            return "stream " + trigger.stream() + (trigger.durable() == null ? "" : " / " + trigger.durable());
        }
        return trigger.queueGroup() == null ? null : "queue " + trigger.queueGroup();
    }
}
