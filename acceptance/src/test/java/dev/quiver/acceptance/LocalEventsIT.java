package dev.quiver.acceptance;

/** {@link EventScenarios} on the local platform ({@code quiver dev}). */
class LocalEventsIT extends EventScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.traced(traces));
    }
}
