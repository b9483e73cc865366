package dev.quiver.controller.resources;

import dev.quiver.api.BuildSpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of what a build reads: {@code spec.build} as written (source, registry, credentials Secret
 * name, base image) and, for a ConfigMap source, the ConfigMap's content. A Function is built again exactly
 * when this changes; template, traffic and scale edits never start a build.
 */
public final class SourceHash {

    private SourceHash() {
    }

    /**
     * The hash of a build's inputs.
     *
     * @param build         the Function's {@code spec.build}
     * @param contentDigest the content digest of the source ConfigMap ({@link ConfigCopies#digest}), or null
     *                      for a git or archive source, whose spec names an exact revision or checksum
     */
    public static String of(BuildSpec build, String contentDigest) {
        Map<String, Object> inputs = new TreeMap<>();
        inputs.put("build", build);
        if (contentDigest != null) {
            inputs.put("content", contentDigest);
        }
        return Fingerprint.of(inputs);
    }
}
