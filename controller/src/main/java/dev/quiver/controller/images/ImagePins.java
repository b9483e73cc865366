package dev.quiver.controller.images;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * What image a new revision runs: the Function's image pinned to the digest its tag names now, so that the
 * revision keeps running the same bytes when the tag is pushed again. An image given by digest is kept as it is;
 * with resolution off (made-up images in tests), every image is.
 */
public final class ImagePins {

    private final boolean resolve;
    private final RegistryDigests registry;

    /**
     * @param resolve            whether tags are resolved at all
     * @param insecureRegistries hosts read over plain HTTP besides loopback ones
     * @param timeout            how long one registry request may take
     */
    public ImagePins(boolean resolve, List<String> insecureRegistries, Duration timeout) {
        this.resolve = resolve;
        HashSet<String> insecure = new HashSet<>();
        insecureRegistries.forEach(host -> insecure.add(host.trim().toLowerCase(Locale.ROOT)));
        this.registry = new RegistryDigests(insecure, timeout);
    }

    /**
     * The image to put in a new revision, or why there is none.
     *
     * @param image   the image to run (pinned or not), never null
     * @param failure null when {@code image} may be used; else a message for the Function's condition
     */
    public record Pin(String image, String failure) {
    }

    /** Pins {@code image}; asks its registry only when it is given by tag and resolution is on. */
    public Pin pin(String image) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            // without resolution a reference is the kubelet's to judge, as before
            return new Pin(image, resolve ? "image " + image + " could not be resolved: " + e.getMessage() : null);
        }
        if (!resolve || reference.pinned()) {
            return new Pin(image, null);
        }
        try {
            return new Pin(reference.pinnedTo(registry.digest(reference)), null);
        } catch (RegistryDigests.ResolutionException e) {
            return new Pin(image, e.getMessage());
        }
    }
}
