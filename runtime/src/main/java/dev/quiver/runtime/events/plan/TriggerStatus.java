package dev.quiver.runtime.events.plan;

/**
 * What the admin API shows of one trigger; fields that do not apply to its kind are null (and left out of JSON).
 *
 * @param kind         {@code nats} or {@code jetstream}
 * @param subject      the subject
 * @param queueGroup   the queue group (nats)
 * @param stream       the stream (jetstream)
 * @param durable      the durable consumer (jetstream)
 * @param state        {@code Active}, {@code Waiting} or {@code Failed}
 * @param message      why it is not active, or null
 * @param delivered    messages handed to the function by this runtime
 * @param pending      messages not yet delivered (jetstream, from the consumer)
 * @param ackPending   messages delivered and not yet acknowledged (jetstream, from the consumer)
 * @param redelivered  deliveries that were redeliveries (jetstream)
 * @param deadLettered messages published to the dead-letter subject (jetstream)
 * @param failed       invocations that failed
 */
public record TriggerStatus(String kind, String subject, String queueGroup, String stream, String durable,
        String state, String message, Long delivered, Long pending, Long ackPending, Long redelivered,
        Long deadLettered, Long failed) {

    /** The trigger is bound and receiving. */
    public static final String ACTIVE = "Active";
    /** The trigger waits for NATS (not connected yet, or reconnecting). */
    public static final String WAITING = "Waiting";
    /** Binding failed; the message says why. */
    public static final String FAILED = "Failed";
}
