package dev.quiver.runtime.jobs;

import java.time.Instant;

/**
 * How one job ended, as the admin API lists it.
 *
 * @param id             the event's id (the CloudEvent id)
 * @param revision       the revision the job ran, or null when none was chosen
 * @param status         the HTTP status the job answered; 0 when it never answered
 * @param exitCode       the process's exit code, or null when it never ran
 * @param durationMillis from the start of the job (waiting for a slot not included) to its end
 * @param output         the job's answer (its body), cut to {@value #MAX_OUTPUT_CHARS} characters
 * @param error          why it failed, or null on success
 * @param finishedAt     when it ended
 */
public record JobRecord(String id, String revision, int status, Integer exitCode, long durationMillis, String output,
        String error, Instant finishedAt) {

    /** Longest output kept per job: the log keeps 50 jobs per function in memory. */
    public static final int MAX_OUTPUT_CHARS = 4096;
}
