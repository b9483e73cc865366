package dev.quiver.acceptance;

/** {@link AppScenarios} on the local platform ({@code quiver dev}). */
class LocalAppsIT extends AppScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return LocalDevPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS);
    }
}
