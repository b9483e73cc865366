package dev.quiver.runtime.gateway;

import dev.quiver.runtime.invoke.GatewayInvoker;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Headers that the runtime itself sets on its own calls to functions (events, schedules, stored asynchronous
 * requests): the CloudEvent attributes {@code ce-*}, the invocation id and attempt, and the runtime's markers. A
 * function may trust them only because a caller without the runtime's internal key cannot send them: the gateway
 * drops them from such requests.
 */
final class RuntimeHeaders {

    private static final String INVOCATION_ID = "X-Quiver-Invocation-Id";
    private static final String ATTEMPT = "X-Quiver-Attempt";

    private RuntimeHeaders() {
    }

    /** Whether the header (any case) is one only the runtime may send to a function; compares without allocating. */
    static boolean is(String name) {
        if (name.length() > 3 && name.regionMatches(true, 0, "ce-", 0, 3)) {
            return true;
        }
        // spelled out rather than imported: the invocations package depends on this one
        return name.equalsIgnoreCase(INVOCATION_ID) || name.equalsIgnoreCase(ATTEMPT)
                || name.equalsIgnoreCase(GatewayInvoker.INTERNAL_HEADER)
                || name.equalsIgnoreCase(GatewayInvoker.NAMESPACE_HEADER);
    }

    /** Removes every such header from the caller's request, before it is stored to run later. */
    static void strip(MultiMap headers) {
        List<String> found = null;
        for (String name : headers.names()) {
            if (is(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(name);
            }
        }
        if (found != null) {
            found.forEach(headers::remove);
        }
    }
}
