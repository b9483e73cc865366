package dev.quiver.cli.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** What the runtime reports about a function's event side: its triggers and, in Job mode, its Jobs. */
public final class EventStatus {

    private EventStatus() {
    }

    /**
     * {@code GET /v1/functions/<name>/triggers}, or the runtime's report on a cluster.
     *
     * @param function the function
     * @param triggers one entry per NATS or JetStream trigger
     * @param note     where the states come from, when worth saying (a cluster report's age), or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Triggers(String function, List<Trigger> triggers, String note) {

        /** Never null. */
        public Triggers {
            triggers = triggers == null ? List.of() : List.copyOf(triggers);
        }

        /** Triggers without a note, as the local runtime's admin API reports them. */
        public Triggers(String function, List<Trigger> triggers) {
            this(function, triggers, null);
        }
    }

    /**
     * One trigger; the counters that do not apply to its kind are null.
     *
     * @param kind         nats or jetstream
     * @param subject      the subject (filter)
     * @param queueGroup   the queue group (nats)
     * @param stream       the stream (jetstream)
     * @param durable      the durable consumer (jetstream)
     * @param state        Active, Waiting or Failed
     * @param message      why it is not Active
     * @param delivered    messages delivered to the function
     * @param pending      messages in the stream not yet delivered (consumer lag)
     * @param ackPending   messages delivered and not yet acknowledged
     * @param redelivered  messages delivered more than once
     * @param deadLettered messages sent to the dead-letter subject
     * @param failed       invocations that failed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Trigger(String kind, String subject, String queueGroup, String stream, String durable, String state,
            String message, Long delivered, Long pending, Long ackPending, Long redelivered, Long deadLettered,
            Long failed) {
    }

    /**
     * {@code GET /v1/functions/<name>/jobs}.
     *
     * @param function the function
     * @param running  Jobs running now
     * @param cap      most Jobs that may run at once
     * @param results  the latest finished Jobs, newest first
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Jobs(String function, Integer running, Integer cap, List<JobResult> results) {

        /** Never null. */
        public Jobs {
            results = results == null ? List.of() : List.copyOf(results);
        }
    }

    /**
     * One finished Job.
     *
     * @param id             its id
     * @param revision       the revision it ran
     * @param status         succeeded, failed, …
     * @param exitCode       the process's exit status
     * @param durationMillis how long it ran
     * @param output         the tail of its output
     * @param error          why it failed
     * @param finishedAt     when it finished
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobResult(String id, String revision, String status, Integer exitCode, Long durationMillis,
            String output, String error, String finishedAt) {
    }
}
