package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/** {@link HttpScenarios} on the cluster stand-in (mock API server, controller, runtime, kubelet stand-in). */
class ClusterHttpIT extends HttpScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.traced(traces), 1);
    }
}
