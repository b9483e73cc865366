package dev.quiver.builder;

import dev.quiver.api.contract.DefaultProbe;

/**
 * An image that was built.
 *
 * @param reference    the reference it was pushed or written as (registry/repository:tag)
 * @param digest       the manifest's digest ({@code sha256:...}): the same source gives the same digest
 * @param byDigest     the immutable reference to deploy: registry/repository@sha256:...
 * @param pushed       whether it went to a registry (false for a tar)
 * @param defaultProbe the probes' default chosen from the app's libraries, as the image's
 *                     {@link DefaultProbe#IMAGE_LABEL} label records it; null for an image that is not a function's
 */
public record BuiltImage(String reference, String digest, String byDigest, boolean pushed, DefaultProbe defaultProbe) {
}
