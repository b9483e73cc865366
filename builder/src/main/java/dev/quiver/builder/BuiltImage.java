package dev.quiver.builder;

/**
 * An image that was built.
 *
 * @param reference the reference it was pushed or written as (registry/repository:tag)
 * @param digest    the manifest's digest ({@code sha256:...}): the same source gives the same digest
 * @param byDigest  the immutable reference to deploy: registry/repository@sha256:...
 * @param pushed    whether it went to a registry (false for a tar)
 */
public record BuiltImage(String reference, String digest, String byDigest, boolean pushed) {
}
