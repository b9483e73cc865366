package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

import java.util.Objects;

/** One aspect of a resource's state, in the Kubernetes condition convention. */
public class Condition extends ApiValue {

    /** {@code True}, {@code False} or {@code Unknown}. */
    public static final String TRUE = "True";
    /** The condition does not hold. */
    public static final String FALSE = "False";
    /** Not known yet (still in progress). */
    public static final String UNKNOWN = "Unknown";

    /** The aspect, e.g. Ready. */
    @JsonPropertyDescription("The aspect this condition reports, e.g. Ready, LatestRevisionReady, RoutesReady.")
    @Required
    public String type;

    /** True, False or Unknown. */
    @JsonPropertyDescription("True, False or Unknown.")
    @Required
    public String status;

    /** A CamelCase reason. */
    @JsonPropertyDescription("A one-word CamelCase reason for the status, e.g. RevisionFailed.")
    public String reason;

    /** What a person should know, and do. */
    @JsonPropertyDescription("What happened, in words a person can act on.")
    public String message;

    /** When the status last changed. */
    @JsonPropertyDescription("When the status, reason or message last changed (RFC 3339).")
    public String lastTransitionTime;

    /** A new condition (without a transition time; the condition set stamps it). */
    public static Condition of(String type, String status, String reason, String message) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = status;
        condition.reason = reason;
        condition.message = message;
        return condition;
    }

    /** Whether the status is True. */
    @JsonIgnore
    public boolean isTrue() {
        return TRUE.equals(status);
    }

    /** Whether the status is False. */
    @JsonIgnore
    public boolean isFalse() {
        return FALSE.equals(status);
    }

    /** Whether status, reason and message equal the other's (the transition time aside). */
    public boolean sameStateAs(Condition other) {
        return other != null && Objects.equals(type, other.type) && Objects.equals(status, other.status)
                && Objects.equals(reason, other.reason) && Objects.equals(message, other.message);
    }
}
