package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;

/** {@link HttpScenarios} on the local platform ({@code quiver dev}). */
class LocalHttpIT extends HttpScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServerProcess nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.traced(traces));
    }
}
