package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One target of a function's traffic: a revision (named, or the latest ready one), its share, an optional
 * tag that reaches it directly, and an optional match rule that sends matching requests to it.
 * In {@code status.traffic} the same type carries the resolved revision name and URL.
 */
@ValidationRule(value = "has(self.revisionName) != (has(self.latestRevision) && self.latestRevision)",
        message = "a traffic target names exactly one of revisionName or latestRevision: true")
@ValidationRule(value = "!has(self.match) || has(self.revisionName)",
        message = "a traffic target with a match rule must name a revision")
@ValidationRule(value = "!has(self.match) || !has(self.percent) || self.percent == 0",
        message = "a traffic target with a match rule receives only matching requests and takes no percent")
public class TrafficTarget extends ApiValue {

    /** A revision by name. */
    @JsonPropertyDescription("Name of a revision of this function, e.g. link-checker-00002.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    public String revisionName;

    /** Follow the latest ready revision. */
    @JsonPropertyDescription("true: the target follows the latest ready revision.")
    public Boolean latestRevision;

    /** Share of the traffic that matches no rule. */
    @JsonPropertyDescription("Share of the requests that match no rule, 0 to 100.")
    @Min(0)
    @Max(100)
    public Integer percent;

    /** A name that reaches this target directly. */
    @JsonPropertyDescription("A name that reaches this target directly: /fn/<name>@<tag>, or the X-Quiver-Tag header.")
    @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
    public String tag;

    /** Requests that go to this target before the split. */
    @JsonPropertyDescription("Requests matching this rule go to this target before the weighted split (e.g. testers with x-group: test).")
    public TrafficMatch match;

    /** Status only: the URL of this target. */
    @JsonPropertyDescription("Status only: where this target is reached (the tag URL, or the function URL).")
    public String url;

    /** A target following the latest ready revision. */
    public static TrafficTarget latest(int percent) {
        TrafficTarget target = new TrafficTarget();
        target.latestRevision = true;
        target.percent = percent;
        return target;
    }

    /** A target naming a revision. */
    public static TrafficTarget revision(String revisionName, int percent) {
        TrafficTarget target = new TrafficTarget();
        target.revisionName = revisionName;
        target.percent = percent;
        return target;
    }

    /** This target with a tag. */
    public TrafficTarget withTag(String tag) {
        this.tag = tag;
        return this;
    }

    /** Whether this target follows the latest ready revision. */
    public boolean followsLatest() {
        return Boolean.TRUE.equals(latestRevision);
    }

    /** The share, defaulted to 0. */
    public int percentOrZero() {
        return percent == null ? 0 : percent;
    }
}
