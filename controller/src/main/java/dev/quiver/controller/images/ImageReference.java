package dev.quiver.controller.images;

import java.util.regex.Pattern;

/**
 * An image reference as Kubernetes and the container runtimes read it ({@code [registry/]path[:tag][@digest]}),
 * split into what the registry API needs. A name without a registry means Docker Hub ({@code docker.io}, one path
 * component gets {@code library/}); without tag or digest it means {@code :latest}.
 *
 * @param text       the reference as written, without a digest
 * @param registry   the registry's host[:port] as written ({@code docker.io} when none is)
 * @param repository the repository path in that registry ({@code library/alpine})
 * @param tag        the tag, or null when none is written
 * @param digest     the digest ({@code sha256:<64 hex>}), or null when none is written
 */
public record ImageReference(String text, String registry, String repository, String tag, String digest) {

    /** The registry that references without a host name. */
    public static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException with what is wrong, when it is not a valid reference
     */
    public static ImageReference parse(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("the image is empty");
        }
        String name = image.trim();
        String digest = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at + 1);
            name = name.substring(0, at);
            if (!isDigest(digest)) {
                throw new IllegalArgumentException("'" + digest + "' is not a digest (sha256:<64 hex digits>)");
            }
        }
        String text = name;
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + tag + "' is not a tag");
            }
        }
        String registry = DOCKER_HUB;
        String repository = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.equals("index.docker.io") ? DOCKER_HUB : first;
                repository = name.substring(slash + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("'" + repository + "' is not a repository name (lower-case letters, "
                        + "digits and . _ - between them)");
            }
        }
        return new ImageReference(text, registry, repository, tag, digest);
    }

    /** Whether a string is a SHA-256 digest as registries write it. */
    public static boolean isDigest(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    /** Whether the reference names its content by digest already: nothing to resolve. */
    public boolean pinned() {
        return digest != null;
    }

    /** What to ask the registry for: the tag, or {@code latest} when none is written. */
    public String manifestReference() {
        return tag == null ? "latest" : tag;
    }

    /** The host[:port] the registry API answers on (Docker Hub's API is not at docker.io). */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /**
     * The reference pinned to a digest, the tag kept for people to read: {@code registry/x:1@sha256:...}. Kubernetes
     * and the container runtimes pull by the digest and ignore the tag.
     */
    public String pinnedTo(String resolved) {
        if (!isDigest(resolved)) {
            throw new IllegalArgumentException("'" + resolved + "' is not a digest (sha256:<64 hex digits>)");
        }
        return text + "@" + resolved;
    }

    /** As written, with the digest when there is one. */
    @Override
    public String toString() {
        return digest == null ? text : text + "@" + digest;
    }
}
