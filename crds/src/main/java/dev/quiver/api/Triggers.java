package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What invokes a function. Every function can be invoked over HTTP; the rest are opt-in. */
public class Triggers extends ApiValue {

    /** HTTP invocation through the gateway. */
    @JsonPropertyDescription("HTTP invocation through the gateway at /fn/<name>.")
    public HttpTrigger http;

    /** Core NATS subscriptions (at most once). */
    @JsonPropertyDescription("Core NATS subscriptions: each message is delivered at most once to one replica of the queue group.")
    @Size(max = 20)
    public List<NatsTrigger> nats = new ArrayList<>();

    /** JetStream durable consumers (at least once). */
    @JsonPropertyDescription("JetStream durable pull consumers: each message is processed at least once, "
            + "retried with backoff, and dead-lettered after maxDeliver attempts.")
    @Size(max = 20)
    public List<JetStreamTrigger> jetstream = new ArrayList<>();

    /** Cron schedules. */
    @JsonPropertyDescription("Cron schedules that invoke the function.")
    @Size(max = 20)
    public List<ScheduleTrigger> schedule = new ArrayList<>();

    /** The HTTP trigger, defaulted. */
    public HttpTrigger httpOrDefault() {
        return http == null ? new HttpTrigger() : http;
    }

    /** Whether any event trigger (NATS, JetStream, schedule) is set. */
    public boolean hasEventTriggers() {
        return !nats.isEmpty() || !jetstream.isEmpty() || !schedule.isEmpty();
    }
}
