package dev.quiver.api;

import dev.quiver.api.contract.DefaultProbe;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.ArrayList;
import java.util.List;

/** What a {@link FunctionRevision} runs. Immutable but for {@link #replicas} and {@code template.scale}. */
public class FunctionRevisionSpec extends ApiValue {

    /** The owning function. */
    @JsonPropertyDescription("Name of the Function this revision belongs to.")
    @Required
    public String functionName;

    /** The image, by digest when known. */
    @JsonPropertyDescription("The image this revision runs, by digest when it was known at creation.")
    @Required
    public String image;

    /** Service or Job. */
    @JsonPropertyDescription("Service: a Deployment and a Service. Job: one Job per event.")
    @Required
    public Mode mode;

    /** The Function's template at creation. */
    @JsonPropertyDescription("The Function's template when this revision was made; scale follows the Function.")
    public FunctionTemplate template;

    /** Revision-owned copies of the ConfigMaps and Secrets the template reads. */
    @JsonPropertyDescription("Immutable, revision-owned copies of the ConfigMaps and Secrets the template reads, "
            + "so that a rollback restores configuration as well as code.")
    public List<ConfigSnapshot> snapshots = new ArrayList<>();

    /** Header names the function passes on; fixed when the revision is made. */
    @JsonPropertyDescription("Header names (lower case) that calls made through the function SDK pass on "
            + "(QUIVER_PROPAGATE_HEADERS): those the Function's traffic match rules read when this revision was made.")
    public List<String> propagateHeaders = new ArrayList<>();

    /** The probes' default, chosen when the image was built; used where the template names no probe. */
    @JsonPropertyDescription("The probes used where the template names none, chosen when the app was built: QuiverSdk "
            + "(/health/ready), SmallRyeHealth (/q/health/ready) or Tcp (a connect to $PORT). Unset means Tcp.")
    public DefaultProbe defaultProbe;

    /** Replicas wanted; set by the autoscaler. */
    @JsonPropertyDescription("Replicas wanted. Owned by the autoscaler through the scale subresource; the controller "
            + "mirrors it into the Deployment (while unset, max(1, template.scale.min)).")
    @Min(0)
    @SpecReplicas
    public Integer replicas;

    /**
     * The replicas the revision runs: {@link #replicas} once the autoscaler has written it, until then the initial
     * count, {@code max(1, template.scale.min)}, so that a new revision proves it can start. Both the controller (for
     * the Deployment) and the runtime (for its autoscaler and activator) read replicas through this one rule.
     */
    public int replicasOrInitial() {
        return replicas != null ? replicas : Math.max(1, templateOrDefault().scaleOrDefault().minOrDefault());
    }

    /** The template, or all defaults. */
    public FunctionTemplate templateOrDefault() {
        return template == null ? new FunctionTemplate() : template;
    }
}
