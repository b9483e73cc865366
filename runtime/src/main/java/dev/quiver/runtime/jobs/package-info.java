/**
 * Job mode: one job per event with a cap on running jobs per function, the recent results of each function, and
 * the invoker that sends each event to the gateway or to a job by the function's mode.
 */
package dev.quiver.runtime.jobs;
