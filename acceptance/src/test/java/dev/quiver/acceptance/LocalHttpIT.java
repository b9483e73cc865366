package dev.quiver.acceptance;

/** {@link HttpScenarios} on the local platform ({@code quiver dev}). */
class LocalHttpIT extends HttpScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.traced(traces));
    }
}
