package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/** {@link AppScenarios} on the local platform ({@code quiver dev}). */
class LocalAppsIT extends AppScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS);
    }
}
