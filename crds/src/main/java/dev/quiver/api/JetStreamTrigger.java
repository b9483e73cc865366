package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A JetStream durable pull consumer that invokes the function at least once per message. */
public class JetStreamTrigger extends ApiValue {

    /** Default of {@link #maxDeliver}. */
    public static final int DEFAULT_MAX_DELIVER = 5;
    /** Default of {@link #ackWait}. */
    public static final String DEFAULT_ACK_WAIT = "30s";
    /** Default of {@link #createStream}. */
    public static final boolean DEFAULT_CREATE_STREAM = false;
    /** Default of {@link #maxAckPending}. */
    public static final int DEFAULT_MAX_ACK_PENDING = 1000;

    /** The stream to consume. */
    @JsonPropertyDescription("Name of the stream to consume.")
    @Required
    @Pattern("^[A-Za-z0-9_-]+$")
    public String stream;

    /** The subject filter. */
    @JsonPropertyDescription("Subject filter of the consumer; wildcards allowed.")
    @Required
    @Pattern(Subjects.PATTERN)
    @ValidationRule(value = Subjects.TRIGGER_RULE, message = Subjects.TRIGGER_RULE_MESSAGE)
    public String subject;

    /** Whether Quiver creates the stream when it is missing. */
    @JsonPropertyDescription("Create the stream (file storage, capturing the subject) when it does not exist.")
    @Default("" + DEFAULT_CREATE_STREAM)
    public Boolean createStream;

    /** The durable consumer name. */
    @JsonPropertyDescription("Durable consumer name; empty means quiver-<namespace>-<function>-<index>.")
    @Pattern("^[A-Za-z0-9_-]+$")
    public String durable;

    /** Attempts before dead-lettering. */
    @JsonPropertyDescription("Deliveries of a message before it goes to the dead-letter subject.")
    @Default("" + DEFAULT_MAX_DELIVER)
    @Min(1)
    @Max(100)
    public Integer maxDeliver;

    /** How long a delivery may stay unacknowledged. */
    @JsonPropertyDescription("How long a delivery may go unacknowledged before it is redelivered; "
            + "extended while the function is still working.")
    @Default(DEFAULT_ACK_WAIT)
    @Pattern(Durations.PATTERN)
    public String ackWait;

    /** Delays before each redelivery after a failure. */
    @JsonPropertyDescription("Delays before redelivery after a failure, one per attempt; the last repeats. "
            + "Empty means 1s, 5s, 30s.")
    @Size(max = 20)
    public List<String> backoff = new ArrayList<>();

    /** Where messages go after their last attempt. */
    @JsonPropertyDescription("Subject that a message is published to after maxDeliver failed attempts, with headers "
            + "giving the function, revision, attempts, last status and error. Empty means quiver.dlq.<namespace>.<function>.")
    @Pattern("^[A-Za-z0-9_\\-$]+(\\.[A-Za-z0-9_\\-$]+)*$")
    public String deadLetterSubject;

    /** Most messages in flight at once. */
    @JsonPropertyDescription("Most messages delivered and not yet acknowledged at once.")
    @Default("" + DEFAULT_MAX_ACK_PENDING)
    @Min(1)
    @Max(100000)
    public Integer maxAckPending;

    /** Attempts, defaulted. */
    public int maxDeliverOrDefault() {
        return maxDeliver == null ? DEFAULT_MAX_DELIVER : maxDeliver;
    }

    /** Whether the stream is created when missing, defaulted. */
    public boolean createStreamOrDefault() {
        return createStream == null ? DEFAULT_CREATE_STREAM : createStream;
    }

    /** Most messages in flight, defaulted. */
    public int maxAckPendingOrDefault() {
        return maxAckPending == null ? DEFAULT_MAX_ACK_PENDING : maxAckPending;
    }

    /** Ack wait, defaulted. */
    public Duration ackWaitOrDefault() {
        return Durations.parse(ackWait == null ? DEFAULT_ACK_WAIT : ackWait);
    }
}
