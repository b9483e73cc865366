package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/** {@link RolloutScenarios} on the cluster stand-in (mock API server, controller, runtime, kubelet stand-in). */
class ClusterRolloutIT extends RolloutScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS, 1);
    }
}
