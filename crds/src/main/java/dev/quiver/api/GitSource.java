package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A function's source in a git repository. */
public class GitSource extends ApiValue {

    /** Default of {@link #revision}. */
    public static final String DEFAULT_REVISION = "main";

    /** Clone URL of the repository. */
    @JsonPropertyDescription("Clone URL of the repository (https://, ssh:// or git@; not plain http://).")
    @Required
    @Pattern("^(https://|ssh://|git@).+")
    public String url;

    /** Branch, tag or commit. */
    @JsonPropertyDescription("Branch, tag or commit to build; not starting with '-', without whitespace.")
    @Default(DEFAULT_REVISION)
    @Pattern("^[^-\\s][^\\s]*$")
    public String revision;

    /** Folder of the function inside the repository. */
    @JsonPropertyDescription("Folder of the function inside the repository; empty means the repository root.")
    public String contextDir;

    /** The revision to build, defaulted. */
    public String revisionOrDefault() {
        return revision == null ? DEFAULT_REVISION : revision;
    }
}
