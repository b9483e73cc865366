package dev.quiver.runtime.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the runtime may connect to a caller-named host: only {@code http} and {@code https}, and only
 * when every address the host resolved to is public ({@link InternalAddresses}) or allowed by the operator. The
 * allow-list holds CIDR blocks or single addresses ({@code 10.1.0.0/16}, {@code ::1}) and host names, exact or
 * with a leading wildcard ({@code hooks.internal}, {@code *.svc.cluster.local}); a name on the list allows
 * whatever it resolves to. The caller connects to exactly the address {@link #choose} returned, so a name that
 * resolves differently a moment later (DNS rebinding) cannot slip past the check. Immutable.
 */
public final class OutboundPolicy {

    private final List<AddressRange> allowedRanges;
    private final List<String> allowedHosts;

    private OutboundPolicy(List<AddressRange> allowedRanges, List<String> allowedHosts) {
        this.allowedRanges = List.copyOf(allowedRanges);
        this.allowedHosts = List.copyOf(allowedHosts);
    }

    /** Public addresses only: nothing internal is allowed. */
    public static OutboundPolicy publicOnly() {
        return new OutboundPolicy(List.of(), List.of());
    }

    /**
     * Public addresses and the allow-list's entries.
     *
     * @param entries CIDR blocks, single addresses or host names ({@code *.} allows every name below a domain);
     *                blank entries are skipped
     * @throws IllegalArgumentException when an entry is neither an address block nor a host name
     */
    public static OutboundPolicy allowing(List<String> entries) {
        List<AddressRange> ranges = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            if (AddressRange.isLiteral(text) || text.contains("/")) {
                ranges.add(AddressRange.parse(text));
            } else if (text.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                hosts.add(text.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("not a CIDR block, address or host name: '" + entry + "'");
            }
        }
        return new OutboundPolicy(ranges, hosts);
    }

    /** This policy with further address blocks allowed. */
    public OutboundPolicy plus(List<AddressRange> ranges) {
        List<AddressRange> all = new ArrayList<>(allowedRanges);
        all.addAll(ranges);
        return new OutboundPolicy(all, allowedHosts);
    }

    /** Whether the URL scheme may be used: {@code http} or {@code https}, in any case. */
    public static boolean schemeAllowed(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    /**
     * The address to connect to: the first resolved one, when every resolved address may be reached.
     *
     * @param host     the host as the URL names it (a name or a literal address)
     * @param resolved every address the host resolved to
     * @return empty when the host resolved to nothing or to any address that must not be reached
     */
    public Optional<InetAddress> choose(String host, List<InetAddress> resolved) {
        if (resolved.isEmpty() || !resolved.stream().allMatch(address -> allowed(host, address))) {
            return Optional.empty();
        }
        return Optional.of(resolved.get(0));
    }

    /** Whether the host's address may be reached: public, or allowed by address or by the host's name. */
    public boolean allowed(String host, InetAddress address) {
        if (!InternalAddresses.isInternal(address) || hostAllowed(host)) {
            return true;
        }
        InetAddress embedded = InternalAddresses.embeddedIpv4(address).orElse(address);
        return allowedRanges.stream().anyMatch(range -> range.contains(address) || range.contains(embedded));
    }

    private boolean hostAllowed(String host) {
        if (host == null || AddressRange.isLiteral(host)) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? trimmed.endsWith(allowed.substring(1)) : trimmed.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "public addresses" + (allowedRanges.isEmpty() && allowedHosts.isEmpty() ? ""
                : " and " + String.join(", ", allowedRanges.stream().map(AddressRange::toString).toList())
                        + (allowedHosts.isEmpty() ? "" : (allowedRanges.isEmpty() ? "" : ", ")
                                + String.join(", ", allowedHosts)));
    }
}
