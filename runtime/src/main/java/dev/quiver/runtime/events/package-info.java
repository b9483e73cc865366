/**
 * Event triggers: core NATS subscriptions with queue groups and JetStream durable pull consumers that invoke
 * functions as CloudEvents through an {@link dev.quiver.runtime.invoke.Invoker}. The pure plan lives in
 * {@code events.plan}; this package holds the NATS side.
 */
package dev.quiver.runtime.events;
