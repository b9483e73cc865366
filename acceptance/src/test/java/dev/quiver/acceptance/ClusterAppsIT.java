package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/** {@link AppScenarios} on the cluster stand-in (mock API server, controller, runtime, kubelet stand-in). */
class ClusterAppsIT extends AppScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS, 1);
    }
}
