package dev.quiver.runtime.kubernetes.model;

import dev.quiver.runtime.platform.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The ready replicas of a revision, read from the EndpointSlices of its Service. */
public final class ReadyEndpoints {

    /** The label the EndpointSlice controller puts on a slice: the name of its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** The function's port, when a slice names none. */
    public static final int DEFAULT_PORT = 8080;
    private static final String PORT_NAME = "http";

    private ReadyEndpoints() {
    }

    /**
     * The ready endpoints of the slices, sorted and without duplicates. An endpoint counts when its
     * {@code conditions.ready} is true or unset (the API says unset means ready); terminating ones are not ready.
     * Only the first address of an endpoint is used, as the API asks of consumers.
     */
    public static List<Endpoint> of(Collection<EndpointSlice> slices) {
        Set<Endpoint> ready = new LinkedHashSet<>();
        for (EndpointSlice slice : slices) {
            if (slice.getEndpoints() == null || !isIp(slice.getAddressType())) {
                continue;
            }
            int port = port(slice);
            for (io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint : slice.getEndpoints()) {
                boolean isReady = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (isReady && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
                    ready.add(new Endpoint(endpoint.getAddresses().get(0), port));
                }
            }
        }
        return ready.stream().sorted(Comparator.comparing(Endpoint::host).thenComparingInt(Endpoint::port)).toList();
    }

    private static boolean isIp(String addressType) {
        return addressType == null || "IPv4".equals(addressType) || "IPv6".equals(addressType);
    }

    /** The port named http (the revision's Service port), else the only one, else 8080. */
    private static int port(EndpointSlice slice) {
        List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
        return ports.stream().filter(p -> PORT_NAME.equals(p.getName()) && p.getPort() != null).findFirst()
                .or(() -> ports.stream().filter(p -> p.getPort() != null).findFirst())
                .map(EndpointPort::getPort).orElse(DEFAULT_PORT);
    }
}
