package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A function's source as an archive. */
public class ArchiveSource extends ApiValue {

    /** Where to fetch the archive. */
    @JsonPropertyDescription("HTTPS URL of a .tar.gz or .zip archive of the source.")
    @Required
    @Pattern("^https://.+")
    public String url;

    /** Expected SHA-256 of the archive. */
    @JsonPropertyDescription("Expected SHA-256 of the archive, in hex, as sha256sum prints it; the build fails when "
            + "it differs.")
    @Required
    @Pattern("^[a-f0-9]{64}$")
    public String sha256;
}
