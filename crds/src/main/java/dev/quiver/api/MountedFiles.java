package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A ConfigMap or Secret mounted read-only as a folder of files, one per key. */
public class MountedFiles extends ApiValue {

    /** Name of the ConfigMap or Secret. */
    @JsonPropertyDescription("Name of the ConfigMap (configFiles) or Secret (secretFiles) in the Function's namespace.")
    @Required
    public String name;

    /** Absolute folder to mount at. */
    @JsonPropertyDescription("Absolute path of the folder the files appear in, e.g. /etc/config.")
    @Required
    @Pattern("^/.*")
    public String mountPath;

    /** A mount of the named object at the given folder. */
    public static MountedFiles of(String name, String mountPath) {
        MountedFiles files = new MountedFiles();
        files.name = name;
        files.mountPath = mountPath;
        return files;
    }
}
