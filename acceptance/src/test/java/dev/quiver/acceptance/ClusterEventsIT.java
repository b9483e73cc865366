package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/**
 * {@link EventScenarios} on the cluster stand-in with two runtime replicas (two gateways binding the same
 * triggers), so a Job-mode function's cap must hold across them.
 */
class ClusterEventsIT extends EventScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.traced(traces), 2);
    }
}
