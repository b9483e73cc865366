package dev.quiver.runtime.gateway;

/** Headers that describe one connection, not the message: a proxy must not pass them on (RFC 9110 §7.6.1). */
final class HopByHop {

    private HopByHop() {
    }

    /** Whether the header (any case) is hop-by-hop; compares without allocating. */
    static boolean is(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 18 -> name.equalsIgnoreCase("proxy-authenticate");
            case 19 -> name.equalsIgnoreCase("proxy-authorization");
            default -> false;
        };
    }

    /** Whether the header is one the gateway's client writes itself for the upstream request. */
    static boolean isSetBySender(String name) {
        return switch (name.length()) {
            case 4 -> name.equalsIgnoreCase("host");
            case 6 -> name.equalsIgnoreCase("expect");
            case 14 -> name.equalsIgnoreCase("content-length");
            default -> false;
        };
    }
}
