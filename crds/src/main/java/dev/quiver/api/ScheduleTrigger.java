package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A cron schedule that invokes the function. */
public class ScheduleTrigger extends ApiValue {

    /** Five-field cron expression. */
    @JsonPropertyDescription("Five-field cron expression (minute hour day-of-month month day-of-week), e.g. '*/5 * * * *'.")
    @Required
    public String cron;

    /** Time zone of the schedule. */
    @JsonPropertyDescription("IANA time zone of the schedule, e.g. Europe/Paris; empty means UTC.")
    public String timeZone;

    /** JSON body of each scheduled invocation. */
    @JsonPropertyDescription("JSON body sent with each scheduled invocation; empty means {}.")
    public String data;
}
