package dev.quiver.runtime.events.plan;

import java.time.Duration;

/**
 * One core NATS subscription a function asks for, with its queue group defaulted.
 *
 * @param namespace  the function's namespace
 * @param function   the function's name
 * @param index      its position in {@code triggers.nats}
 * @param subject    the subject (wildcards allowed)
 * @param queueGroup the queue group: each message goes to one member across all runtime replicas
 * @param timeout    longest time one invocation may take
 */
public record CoreTrigger(String namespace, String function, int index, String subject, String queueGroup,
        Duration timeout) {
}
