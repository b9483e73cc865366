package dev.quiver.api.triggers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.api.ApiJson;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.NatsTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the runtime reports of one Function's NATS and JetStream triggers on Kubernetes, for the controller
 * ({@code TriggersReady}) and the CLI ({@code quiver describe}). The runtime's leader writes it as JSON in the
 * annotation {@value #ANNOTATION} of a Lease {@code <function>-triggers} in the Function's namespace, owned by the
 * Function; the Lease's {@code renewTime} is when it was last written and {@code leaseDurationSeconds} how long it
 * holds: a report not renewed within that is stale (the runtime is gone or cut off).
 *
 * @param natsConnected whether the reporting runtime was connected to NATS
 * @param triggers      one entry per trigger, core NATS first, each in spec order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerReport(Boolean natsConnected, List<Entry> triggers) {

    /** The annotation of the Lease that carries the report. */
    public static final String ANNOTATION = "quiver.dev/trigger-status";
    // The Lease names its Function with the contract's Labels.FUNCTION, the label the controller puts on its children.
    /** A trigger's state: bound and receiving. */
    public static final String ACTIVE = "Active";
    /** A trigger's state: waiting for NATS, or being bound. */
    public static final String WAITING = "Waiting";
    /** A trigger's state: binding failed; the message says why. */
    public static final String FAILED = "Failed";
    /** Kind of a core NATS trigger. */
    public static final String NATS = "nats";
    /** Kind of a JetStream trigger. */
    public static final String JETSTREAM = "jetstream";

    private static final String SUFFIX = "-triggers";

    /** Never null. */
    public TriggerReport {
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }

    /** The name of the Lease that carries a Function's report. */
    public static String leaseName(String function) {
        return function + SUFFIX;
    }

    /** Whether a report written at {@code renewed}, valid for {@code validFor}, still holds at {@code now}. */
    public static boolean fresh(Instant renewed, Duration validFor, Instant now) {
        return renewed != null && validFor != null && !now.isAfter(renewed.plus(validFor));
    }

    /** The same report without the counters: what changes only when a trigger's state does. */
    public TriggerReport withoutCounters() {
        return new TriggerReport(natsConnected, triggers.stream().map(Entry::withoutCounters).toList());
    }

    /** The entry of a core NATS trigger of the spec, or null when the runtime has not reported it (yet). */
    public Entry find(NatsTrigger trigger) {
        return triggers.stream()
                .filter(e -> NATS.equals(e.kind()) && Objects.equals(trigger.subject, e.subject())
                        && (blank(trigger.queueGroup) || trigger.queueGroup.equals(e.queueGroup())))
                .findFirst().orElse(null);
    }

    /** The entry of a JetStream trigger of the spec, or null when the runtime has not reported it (yet). */
    public Entry find(JetStreamTrigger trigger) {
        return triggers.stream()
                .filter(e -> JETSTREAM.equals(e.kind()) && Objects.equals(trigger.subject, e.subject())
                        && Objects.equals(trigger.stream, e.stream())
                        && (blank(trigger.durable) || trigger.durable.equals(e.durable())))
                .findFirst().orElse(null);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** The annotation's text; the same report always gives the same text. */
    public String encode() {
        try {
            return ApiJson.json().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A report from the annotation's text; null when there is none or it does not parse. Unknown fields are skipped. */
    public static TriggerReport decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ApiJson.json().readValue(text, TriggerReport.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * One trigger; fields that do not apply to its kind are null.
     *
     * @param kind         {@value #NATS} or {@value #JETSTREAM}
     * @param subject      the subject
     * @param queueGroup   the queue group (nats)
     * @param stream       the stream (jetstream)
     * @param durable      the durable consumer (jetstream)
     * @param state        {@value #ACTIVE}, {@value #WAITING} or {@value #FAILED}
     * @param message      why it is not active, or null
     * @param delivered    messages handed to the function by the reporting runtime
     * @param pending      messages not yet delivered (jetstream, from the consumer: the lag)
     * @param ackPending   messages delivered and not yet acknowledged (jetstream, from the consumer)
     * @param redelivered  deliveries that were redeliveries (jetstream, by the reporting runtime)
     * @param deadLettered messages published to the dead-letter subject (jetstream, by the reporting runtime)
     * @param failed       invocations that failed (by the reporting runtime)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String kind, String subject, String queueGroup, String stream, String durable, String state,
            String message, Long delivered, Long pending, Long ackPending, Long redelivered, Long deadLettered,
            Long failed) {

        /** Whether the trigger is bound and receiving. */
        public boolean active() {
            return ACTIVE.equals(state);
        }

        /** The entry without its counters. */
        public Entry withoutCounters() {
            return new Entry(kind, subject, queueGroup, stream, durable, state, message, null, null, null, null, null, null);
        }
    }
}
