package dev.quiver.runtime.app;

import dev.quiver.runtime.outbound.InternalAddresses;
import dev.quiver.runtime.outbound.OutboundPolicy;
import java.util.List;

/**
 * Where asynchronous invocations' callbacks may go: public addresses, the operator's
 * {@code quiver.async.callback-allow} entries, and on the local platform ({@code quiver dev}) also loopback,
 * because there the developer's own callback receiver on localhost is the normal case and the runtime serves
 * only this machine anyway. On Kubernetes nothing internal is reached unless the allow-list names it.
 */
final class CallbackTargets {

    private CallbackTargets() {
    }

    /** The policy for this platform and allow-list. */
    static OutboundPolicy policy(boolean localPlatform, List<String> allow) {
        OutboundPolicy configured = OutboundPolicy.allowing(allow);
        return localPlatform ? configured.plus(InternalAddresses.LOOPBACK) : configured;
    }
}
