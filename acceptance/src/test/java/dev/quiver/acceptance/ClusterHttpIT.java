package dev.quiver.acceptance;

/** {@link HttpScenarios} on the cluster stand-in (mock API server, controller, runtime, kubelet stand-in). */
class ClusterHttpIT extends HttpScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.traced(traces), 1);
    }
}
