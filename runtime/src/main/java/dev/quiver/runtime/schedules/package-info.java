/**
 * Cron schedules: the next fire time of a five-field expression in a time zone (pure), and the scheduler that
 * invokes due schedules through an {@code Invoker}, once, on the leading replica only.
 */
package dev.quiver.runtime.schedules;
