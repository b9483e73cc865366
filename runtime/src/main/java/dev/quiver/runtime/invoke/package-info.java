/**
 * Invoking functions with events (NATS and JetStream messages, schedules, asynchronous requests) as CloudEvents
 * in HTTP binary mode.
 */
package dev.quiver.runtime.invoke;
