package dev.quiver.runtime.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a {@code Host} header or an {@code Origin} names this machine's loopback interface: {@code localhost},
 * {@code 127.0.0.1} or {@code [::1]}, with or without a port. Names are checked as written, never resolved, since
 * a rebinding attacker controls what its own names resolve to.
 */
public final class LoopbackNames {

    private static final Set<String> NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private LoopbackNames() {
    }

    /** Whether the Host header ({@code name[:port]}) names loopback; false when absent. */
    public static boolean isLoopbackHost(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        // The port follows the last colon, except inside an IPv6 literal ("[::1]" ends with ']').
        if (colon >= 0 && !name.endsWith("]")) {
            String port = name.substring(colon + 1);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
                return false;
            }
            name = name.substring(0, colon);
        }
        return NAMES.contains(name);
    }

    /** Whether the Origin ({@code scheme://name[:port]}) is a loopback origin over HTTP(S). */
    public static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getRawAuthority() == null || uri.getRawUserInfo() != null) {
                return false;
            }
            return isLoopbackHost(uri.getRawAuthority());
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
