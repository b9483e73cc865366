package dev.quiver.acceptance;

/** {@link RolloutScenarios} on the local platform ({@code quiver dev}). */
class LocalRolloutIT extends RolloutScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS);
    }
}
