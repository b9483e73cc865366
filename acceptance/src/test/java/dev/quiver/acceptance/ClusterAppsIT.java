package dev.quiver.acceptance;

/** {@link AppScenarios} on the cluster stand-in (mock API server, controller, runtime, kubelet stand-in). */
class ClusterAppsIT extends AppScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS, 1);
    }
}
