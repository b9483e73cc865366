package dev.quiver.runtime.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges a caller-named URL must not reach: this machine, the cloud's metadata service, the
 * cluster's and the operator's private networks. An IPv6 address that carries an IPv4 address (IPv4-mapped
 * {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16})
 * is judged by the IPv4 address it carries, since that is where a packet to it may end up.
 */
public final class InternalAddresses {

    /** Every denied range, IPv4 then IPv6. */
    public static final List<AddressRange> DENIED = List.of(
            range("0.0.0.0/8"),          // "this network"; 0.0.0.0 reaches this machine
            range("10.0.0.0/8"),         // private
            range("100.64.0.0/10"),      // carrier-grade NAT (also some clusters' pod networks)
            range("127.0.0.0/8"),        // loopback
            range("169.254.0.0/16"),     // link-local, the cloud metadata service 169.254.169.254
            range("172.16.0.0/12"),      // private
            range("192.0.0.0/24"),       // IETF protocol assignments
            range("192.168.0.0/16"),     // private
            range("198.18.0.0/15"),      // benchmarking
            range("224.0.0.0/4"),        // multicast
            range("240.0.0.0/4"),        // reserved, and the broadcast address
            range("::/128"),             // unspecified
            range("::1/128"),            // loopback
            range("fc00::/7"),           // unique local
            range("fe80::/10"),          // link-local
            range("fec0::/10"),          // site-local (deprecated, still routed by some)
            range("ff00::/8"));          // multicast

    /** The loopback ranges, which the local platform allows by default. */
    public static final List<AddressRange> LOOPBACK = List.of(range("127.0.0.0/8"), range("::1/128"));

    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private InternalAddresses() {
    }

    /** The denied range the address falls in, or empty when it is a public address. */
    public static Optional<AddressRange> deniedRange(InetAddress address) {
        InetAddress judged = embeddedIpv4(address).orElse(address);
        return DENIED.stream().filter(range -> range.contains(judged)).findFirst();
    }

    /** Whether the address is internal (in a denied range). */
    public static boolean isInternal(InetAddress address) {
        return deniedRange(address).isPresent();
    }

    /**
     * The IPv4 address an IPv6 address carries, if it is IPv4-mapped, IPv4-compatible, NAT64 or 6to4; the
     * unspecified {@code ::} and loopback {@code ::1} are judged as IPv6.
     */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return Optional.empty();
        }
        boolean firstTenZero = allZero(bytes, 0, 10);
        if (firstTenZero && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
            return Optional.of(ipv4(bytes, 12)); // ::ffff:a.b.c.d
        }
        boolean unspecifiedOrLoopback = allZero(bytes, 12, 15) && (bytes[15] == 0 || bytes[15] == 1);
        if (firstTenZero && bytes[10] == 0 && bytes[11] == 0 && !unspecifiedOrLoopback) {
            return Optional.of(ipv4(bytes, 12)); // ::a.b.c.d, but not :: or ::1
        }
        if (Arrays.equals(Arrays.copyOfRange(bytes, 0, 12), NAT64_PREFIX)) {
            return Optional.of(ipv4(bytes, 12)); // 64:ff9b::a.b.c.d
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return Optional.of(ipv4(bytes, 2)); // 2002:AABB:CCDD::
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] bytes, int offset) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: four bytes
        }
    }

    private static AddressRange range(String cidr) {
        return AddressRange.parse(cidr);
    }
}
