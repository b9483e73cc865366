package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a {@link Function}. */
@ValidationRule(value = "has(self.image) != has(self.build)",
        message = "exactly one of spec.image or spec.build must be set")
@ValidationRule(value = "!has(self.traffic) || self.traffic.size() == 0"
        + " || self.traffic.filter(t, !has(t.match)).map(t, has(t.percent) ? t.percent : 0).sum() == 100",
        message = "the percents of the traffic targets without a match rule must sum to 100")
@ValidationRule(value = "!has(self.traffic) || self.traffic.filter(t, has(t.tag))"
        + ".all(a, self.traffic.filter(b, has(b.tag) && b.tag == a.tag).size() == 1)",
        message = "each traffic tag must be unique")
public class FunctionSpec extends ApiValue {

    /** Default of {@link #mode}, a {@link Mode} name. */
    public static final String DEFAULT_MODE = "Service";

    /** The image that runs the function, preferably by digest; it serves HTTP on {@code $PORT}. */
    @JsonPropertyDescription("Image that runs the function (function as container), preferably by digest "
            + "(registry/name@sha256:...). It must serve HTTP on $PORT. Exactly one of image or build.")
    public String image;

    /** Source that Quiver builds into an image. */
    @JsonPropertyDescription("Source that Quiver builds into an image (function as code). Exactly one of image or build.")
    public BuildSpec build;

    /** The command that starts the function from its folder under {@code quiver dev}, for non-Maven functions. */
    @JsonPropertyDescription("Local development only: the command `quiver dev` runs in the function's folder instead "
            + "of building it with Maven, e.g. 'node server.js' or 'python3 app.py'. It must serve HTTP on $PORT. "
            + "A cluster runs image and ignores this.")
    @Size(max = 1024)
    public String run;

    /** Whether the function runs as an autoscaled service or as one job per event. */
    @JsonPropertyDescription("Service: a Deployment and a Service per revision, autoscaled on load. "
            + "Job: one Kubernetes Job per event.")
    @Default(DEFAULT_MODE)
    public Mode mode;

    /** How each replica runs; a change makes a new revision, except for scale. */
    @JsonPropertyDescription("How each replica runs. Any change here, except to scale, makes a new immutable revision.")
    public FunctionTemplate template;

    /** What invokes the function. */
    @JsonPropertyDescription("What invokes the function besides its HTTP route: NATS subjects, JetStream streams and schedules.")
    public Triggers triggers;

    /** How requests are split between revisions. */
    @JsonPropertyDescription("How requests are split between revisions. Targets without a match rule share the "
            + "traffic by percent and must sum to 100; a target with a match rule receives only the requests "
            + "that match it. Empty means all traffic to the latest ready revision.")
    @Size(max = 20)
    public List<TrafficTarget> traffic = new ArrayList<>();

    /** Keeps each user on one revision of the weighted split, by a cookie or a header. */
    @JsonPropertyDescription("Keeps each user on one revision of the weighted split: the gateway hashes the value of "
            + "this cookie or header to pick the revision, so the same value always reaches the same revision and "
            + "a growing canary keeps the users it has. Tags and match rules still come first. Empty: each request "
            + "is placed at random by weight.")
    public StickySplit sticky;

    /** How each new revision takes over from the one serving: judged canary steps, or blue/green behind a smoke test. */
    @JsonPropertyDescription("How each new ready revision takes over the traffic that follows the latest revision: "
            + "a canary in steps judged on the gateway's own per-revision measurements (error rate, p95 latency "
            + "against the stable revision, dead letters), or blue/green behind a smoke test; rolled back "
            + "automatically when a limit is crossed. Targets naming a revision, match rules and tags stay as "
            + "written; the tags 'canary' and 'stable' are the rollout's. Empty: a new ready revision takes the "
            + "latest revision's traffic at once.")
    public RolloutSpec rollout;

    /** The mode, defaulted. */
    public Mode modeOrDefault() {
        return mode == null ? Mode.valueOf(DEFAULT_MODE) : mode;
    }

    /** The template, or an empty one that means all defaults. */
    public FunctionTemplate templateOrDefault() {
        return template == null ? new FunctionTemplate() : template;
    }

    /** The triggers, or none. */
    public Triggers triggersOrDefault() {
        return triggers == null ? new Triggers() : triggers;
    }
}
