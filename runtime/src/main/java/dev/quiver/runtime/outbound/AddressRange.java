package dev.quiver.runtime.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One CIDR block of IPv4 or IPv6 addresses, such as {@code 10.0.0.0/8} or {@code fc00::/7}; an address without a
 * prefix length is a block of one. Only literal addresses are parsed: nothing is looked up.
 *
 * @param network the block's first address (the bits past the prefix are cleared)
 * @param prefix  how many leading bits every address of the block shares
 */
public record AddressRange(InetAddress network, int prefix) {

    /** Checks the prefix length against the address family. */
    public AddressRange {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " does not fit a " + bits + "-bit address");
        }
        network = masked(network, prefix);
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException when it is not a literal IPv4 or IPv6 address with an optional prefix
     */
    public static AddressRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress network = literal(address);
        if (network == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + cidr + "'");
        }
        int bits = network.getAddress().length * 8;
        try {
            return new AddressRange(network, slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length in '" + cidr + "'", e);
        }
    }

    /** Whether the text is a literal IPv4 or IPv6 address (with an optional prefix), as opposed to a host name. */
    public static boolean isLiteral(String text) {
        String address = text.trim();
        int slash = address.indexOf('/');
        return literal(slash < 0 ? address : address.substring(0, slash)) != null;
    }

    /** Whether the address lies in this block; an address of the other family never does. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] base = network.getAddress();
        return candidate.length == base.length && Arrays.equals(mask(candidate, prefix), base);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }

    /** The address, or null when the text is not a literal IPv4 or IPv6 address (no name is resolved). */
    static InetAddress literal(String text) {
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (address.isEmpty()) {
            return null;
        }
        boolean ipv6 = address.indexOf(':') >= 0;
        if (!ipv6 && !dottedQuad(address)) {
            return null;
        }
        if (ipv6 && !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null; // zone ids and anything else a resolver might look up
        }
        try {
            return InetAddress.getByName(address); // a literal: InetAddress parses it without a lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        try {
            return InetAddress.getByAddress(mask(address.getAddress(), prefix));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // cannot happen: the length is 4 or 16
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }
}
