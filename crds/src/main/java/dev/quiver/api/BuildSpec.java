package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the source of a function-as-code comes from and where its image goes. */
@ValidationRule(value = "[has(self.git), has(self.configMap), has(self.archive)].filter(x, x).size() == 1",
        message = "exactly one of build.git, build.configMap or build.archive must be set")
public class BuildSpec extends ApiValue {

    /** A git repository holding the function's source. */
    @JsonPropertyDescription("A git repository holding the function's source.")
    public GitSource git;

    /** A ConfigMap in the Function's namespace whose keys are the function's source files. */
    @JsonPropertyDescription("Name of a ConfigMap in the Function's namespace holding the source files "
            + "(keys are paths, with '/' written as '__').")
    public String configMap;

    /** An archive of the source, fetched over HTTPS and checked against its SHA-256. */
    @JsonPropertyDescription("A .tar.gz or .zip archive of the source, fetched over HTTPS and checked against its SHA-256.")
    public ArchiveSource archive;

    /** The image repository the built image is pushed to. */
    @JsonPropertyDescription("Image repository that the built image is pushed to, e.g. registry.example.com/team/fn.")
    @Required
    public String registry;

    /** A Secret with registry credentials. */
    @JsonPropertyDescription("Name of a kubernetes.io/dockerconfigjson Secret with credentials for the registry.")
    public String credentialsSecret;

    /** The base image holding a JRE. */
    @JsonPropertyDescription("Base image holding a JRE; empty means Quiver's default.")
    public String baseImage;
}
