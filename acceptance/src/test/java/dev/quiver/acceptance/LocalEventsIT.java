package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/** {@link EventScenarios} on the local platform ({@code quiver dev}). */
class LocalEventsIT extends EventScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.traced(traces));
    }
}
