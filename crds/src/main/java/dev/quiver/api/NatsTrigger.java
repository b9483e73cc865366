package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A core NATS subscription that invokes the function once per message (at most once). */
public class NatsTrigger extends ApiValue {

    /** The subject (wildcards allowed). */
    @JsonPropertyDescription("Subject to subscribe to; the NATS wildcards * and > are allowed.")
    @Required
    @Pattern(Subjects.PATTERN)
    @ValidationRule(value = Subjects.TRIGGER_RULE, message = Subjects.TRIGGER_RULE_MESSAGE)
    public String subject;

    /** The queue group; defaults to one group per function. */
    @JsonPropertyDescription("Queue group: each message goes to one subscriber of the group. "
            + "Empty means quiver-<namespace>-<function>, so each message is handled once across all runtime replicas.")
    @Pattern("^[A-Za-z0-9_.-]+$")
    public String queueGroup;
}
