package dev.quiver.runtime.gateway;

import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A platform whose ready endpoints the test sets; it records wake calls. Replicas are real loopback servers. */
public final class FakePlatform implements Platform {

    private final Map<RevisionRef, List<Endpoint>> ready = new ConcurrentHashMap<>();
    private final List<Consumer<RevisionRef>> listeners = new CopyOnWriteArrayList<>();
    /** Every wake call, in order, with whether the revision had a ready endpoint at that moment. */
    final List<RevisionRef> wakes = new CopyOnWriteArrayList<>();

    /** Makes these endpoints the revision's ready ones and tells the listeners, as a platform does. */
    public void ready(RevisionRef revision, Endpoint... endpoints) {
        ready.put(revision, List.of(endpoints));
        listeners.forEach(listener -> listener.accept(revision));
    }

    @Override
    public List<Endpoint> readyEndpoints(RevisionRef revision) {
        return ready.getOrDefault(revision, List.of());
    }

    @Override
    public void scale(RevisionRef revision, int replicas) {
        throw new UnsupportedOperationException("the gateway never scales");
    }

    @Override
    public void wake(RevisionRef revision) {
        wakes.add(revision);
    }

    @Override
    public int desiredReplicas(RevisionRef revision) {
        return readyEndpoints(revision).size();
    }

    @Override
    public void addEndpointsListener(Consumer<RevisionRef> listener) {
        listeners.add(listener);
    }
}
