package dev.quiver.acceptance;

/** {@link RolloutScenarios} on the cluster stand-in (mock API server, controller, runtime, kubelet stand-in). */
class ClusterRolloutIT extends RolloutScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS, 1);
    }
}
