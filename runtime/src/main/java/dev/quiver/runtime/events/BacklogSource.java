package dev.quiver.runtime.events;

/** Messages waiting for a function's event consumers, which the autoscaler counts like queued requests. */
@FunctionalInterface
public interface BacklogSource {

    /** No event triggers: never a backlog. */
    BacklogSource NONE = (namespace, function) -> 0;

    /**
     * Messages of the function's JetStream consumers that wait and are not being invoked right now (those are
     * already in the gateway's concurrency), as of the last refresh.
     */
    long backlog(String namespace, String function);
}
