package dev.quiver.controller.status;

import dev.quiver.api.Condition;
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
 * Whether a Function's NATS and JetStream triggers are ready, from the runtime's {@link TriggerReport}: True when
 * every trigger of the spec is reported Active; False when one failed to bind (the runtime's reason, e.g. a missing
 * stream) or the runtime cannot reach NATS; Unknown while there is no fresh report or a trigger is still being
 * bound. A Function without such triggers is ready as far as the runtime is concerned.
 */
public final class TriggerReadiness {

    /** Reason while no report exists. */
    public static final String AWAITING_RUNTIME = "AwaitingRuntime";
    /** Reason when the report was not renewed in time. */
    public static final String REPORT_STALE = "ReportStale";
    /** Reason while a trigger of the spec is not in the report yet. */
    public static final String TRIGGER_PENDING = "TriggerPending";
    /** Reason while a trigger waits to be bound. */
    public static final String TRIGGER_BINDING = "TriggerBinding";
    /** Reason when binding a trigger failed. */
    public static final String TRIGGER_FAILED = "TriggerFailed";
    /** Reason when the runtime is not connected to NATS. */
    public static final String NATS_UNREACHABLE = "NatsUnreachable";

    private TriggerReadiness() {
    }

    /**
     * The runtime's report as read from its Lease.
     *
     * @param report   the report, or null when the annotation is missing or does not parse
     * @param renewed  when it was last written
     * @param validFor how long it holds without renewal
     */
    public record Reported(TriggerReport report, Instant renewed, Duration validFor) {

        /** When the report stops holding, or null when it never did. */
        public Instant expires() {
            return renewed == null || validFor == null ? null : renewed.plus(validFor);
        }
    }

    /**
     * The TriggersReady condition to set.
     *
     * @param status  True, False or Unknown
     * @param reason  why, or null when True
     * @param message what a person can act on, or null when True
     */
    public record Verdict(String status, String reason, String message) {

        static Verdict ready() {
            return new Verdict(Condition.TRUE, null, null);
        }
    }

    /** Whether the function has NATS or JetStream triggers, the ones the runtime reports on. */
    public static boolean hasEventTriggers(Function function) {
        Triggers triggers = function.getSpec().triggersOrDefault();
        return !triggers.nats.isEmpty() || !triggers.jetstream.isEmpty();
    }

    /**
     * The verdict on a function's triggers.
     *
     * @param function the Function as read
     * @param reported the runtime's report for it, or null when there is none
     * @param now      the time, to tell a stale report
     */
    public static Verdict of(Function function, Reported reported, Instant now) {
        if (!hasEventTriggers(function)) {
            return Verdict.ready();
        }
        if (reported == null || reported.report() == null) {
            return new Verdict(Condition.UNKNOWN, AWAITING_RUNTIME, "waiting for the runtime's report on the triggers");
        }
        if (!TriggerReport.fresh(reported.renewed(), reported.validFor(), now)) {
            return new Verdict(Condition.UNKNOWN, REPORT_STALE, "the runtime last reported on the triggers at "
                    + reported.renewed() + ", more than " + reported.validFor().toSeconds()
                    + "s ago; waiting for a fresh report (is the runtime running?)");
        }
        TriggerReport report = reported.report();
        List<String> failed = new ArrayList<>();
        List<String> notActive = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Triggers triggers = function.getSpec().triggersOrDefault();
        for (NatsTrigger trigger : triggers.nats) {
            judge(describe(trigger), report.find(trigger), failed, notActive, missing);
        }
        for (JetStreamTrigger trigger : triggers.jetstream) {
            judge(describe(trigger), report.find(trigger), failed, notActive, missing);
        }
        if (!failed.isEmpty()) {
            return new Verdict(Condition.FALSE, TRIGGER_FAILED, String.join("; ", failed));
        }
        if (Boolean.FALSE.equals(report.natsConnected()) && !(notActive.isEmpty() && missing.isEmpty())) {
            List<String> waiting = new ArrayList<>(notActive);
            waiting.addAll(missing);
            return new Verdict(Condition.FALSE, NATS_UNREACHABLE, "the runtime cannot reach NATS; "
                    + String.join("; ", waiting));
        }
        if (!missing.isEmpty()) {
            return new Verdict(Condition.UNKNOWN, TRIGGER_PENDING, "waiting for the runtime to bind the "
                    + String.join("; the ", missing));
        }
        if (!notActive.isEmpty()) {
            return new Verdict(Condition.UNKNOWN, TRIGGER_BINDING, String.join("; ", notActive));
        }
        return Verdict.ready();
    }

    private static void judge(String trigger, TriggerReport.Entry entry, List<String> failed, List<String> notActive,
            List<String> missing) {
        if (entry == null) {
            missing.add(trigger);
        } else if (TriggerReport.FAILED.equals(entry.state())) {
            failed.add(trigger + ": " + (entry.message() == null ? "failed" : entry.message()));
        } else if (!entry.active()) {
            notActive.add(trigger + ": " + (entry.message() == null ? entry.state() : entry.message()));
        }
    }

    private static String describe(NatsTrigger trigger) {
        return "NATS trigger on " + trigger.subject;
    }

    private static String describe(JetStreamTrigger trigger) {
        return "JetStream trigger on " + trigger.subject + " (stream " + trigger.stream + ")";
    }
}
