package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/** {@link RolloutScenarios} on the local platform ({@code quiver dev}). */
class LocalRolloutIT extends RolloutScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS);
    }
}
