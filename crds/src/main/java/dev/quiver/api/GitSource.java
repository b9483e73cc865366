package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A function's source in a git repository. */
public class GitSource extends ApiValue {

    /** Clone URL of the repository. */
    @JsonPropertyDescription("Clone URL of the repository (https://, ssh:// or git@; not plain http://).")
    @Required
    @Pattern("^(https://|ssh://|git@).+")
    public String url;

    /** Branch, tag or commit. */
    @JsonPropertyDescription("Branch, tag or commit to build; not starting with '-', without whitespace.")
    @Default("main")
    @Pattern("^[^-\\s][^\\s]*$")
    public String revision;

    /** Folder of the function inside the repository. */
    @JsonPropertyDescription("Folder of the function inside the repository; empty means the repository root.")
    public String contextDir;
}
