package dev.quiver.acceptance;

/**
 * {@link EventScenarios} on the cluster stand-in with two runtime replicas (two gateways binding the same
 * triggers), so a Job-mode function's cap must hold across them.
 */
class ClusterEventsIT extends EventScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.traced(traces), 2);
    }
}
