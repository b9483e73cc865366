package dev.quiver.controller.resources;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.Map;
import java.util.TreeMap;

/**
 * Requests and limits for a function container whose template leaves some out. A namespace with a ResourceQuota
 * on requests or limits refuses pods without them, so every function pod carries them; what the template gives
 * is kept, and only the missing values come from the defaults, adjusted so that a request never exceeds its
 * limit (a template limit below the default request lowers the request, a template request above the default
 * limit raises the limit).
 *
 * @param requests default requests by resource name ({@code cpu}, {@code memory})
 * @param limits   default limits by resource name
 */
public record ResourceDefaults(Map<String, Quantity> requests, Map<String, Quantity> limits) {

    /** Copies the maps. */
    public ResourceDefaults {
        requests = Map.copyOf(requests);
        limits = Map.copyOf(limits);
    }

    /** No defaults: a template's resources are used as they are. */
    public static ResourceDefaults none() {
        return new ResourceDefaults(Map.of(), Map.of());
    }

    /**
     * The resources of a container.
     *
     * @param own the template's resources, or null
     */
    public ResourceRequirements apply(ResourceRequirements own) {
        Map<String, Quantity> ownRequests = own == null || own.getRequests() == null ? Map.of() : own.getRequests();
        Map<String, Quantity> ownLimits = own == null || own.getLimits() == null ? Map.of() : own.getLimits();
        Map<String, Quantity> wantedRequests = new TreeMap<>(ownRequests);
        Map<String, Quantity> wantedLimits = new TreeMap<>(ownLimits);
        requests.forEach((name, value) -> wantedRequests.computeIfAbsent(name,
                n -> ownLimits.containsKey(n) ? min(value, ownLimits.get(n)) : value));
        limits.forEach((name, value) -> wantedLimits.computeIfAbsent(name,
                n -> wantedRequests.containsKey(n) ? max(value, wantedRequests.get(n)) : value));
        if (wantedRequests.isEmpty() && wantedLimits.isEmpty() && own == null) {
            return null;
        }
        ResourceRequirements result = new ResourceRequirements();
        if (own != null && own.getClaims() != null && !own.getClaims().isEmpty()) {
            result.setClaims(own.getClaims());
        }
        result.setRequests(wantedRequests);
        result.setLimits(wantedLimits);
        return result;
    }

    private static Quantity min(Quantity a, Quantity b) {
        return Quantity.getAmountInBytes(a).compareTo(Quantity.getAmountInBytes(b)) <= 0 ? a : b;
    }

    private static Quantity max(Quantity a, Quantity b) {
        return Quantity.getAmountInBytes(a).compareTo(Quantity.getAmountInBytes(b)) >= 0 ? a : b;
    }
}
