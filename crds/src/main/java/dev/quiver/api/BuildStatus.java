package dev.quiver.api;

import dev.quiver.api.contract.DefaultProbe;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The result of building a function's source. */
public class BuildStatus extends ApiValue {

    /** The pushed image, by digest. */
    @JsonPropertyDescription("The image pushed by the last successful build, by digest.")
    public String image;

    /** Fingerprint of the source and build settings of that image. */
    @JsonPropertyDescription("Fingerprint of the source and build settings that image was built from; a change starts a new build.")
    public String sourceHash;

    /** The probes' default for that image, from the app's dependencies. */
    @JsonPropertyDescription("The probes' default for that image, chosen from the app's dependencies: QuiverSdk, "
            + "SmallRyeHealth or Tcp.")
    public DefaultProbe defaultProbe;

    /** The build Job running or last run. */
    @JsonPropertyDescription("The build Job running or last run.")
    public String jobName;
}
