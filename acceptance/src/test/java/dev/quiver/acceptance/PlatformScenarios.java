package dev.quiver.acceptance;

import dev.quiver.standin.testing.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenarios written once and run on each platform: a subclass per platform starts it once for the class, with its
 * own {@code nats-server} on a free port; the scenarios run in order, the most basic first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ScenarioClock.class)
abstract class PlatformScenarios {

    /** The platform under test, started once for the class. */
    PlatformUnderTest platform;
    /** The NATS server of the platform and its functions. */
    NatsServerProcess natsServer;
    /** The platform's gateway. */
    Gateway gateway;
    /** The OTLP collector stand-in; a subclass that traces gives its endpoint to the platform ({@link Platforms#traced}). */
    TraceReceiver traces;

    /** Starts the platform this subclass tests, using {@code nats}. */
    abstract PlatformUnderTest startPlatform(NatsServerProcess nats);

    @BeforeAll
    void startPlatform() {
        long start = System.nanoTime();
        natsServer = NatsServerProcess.startIn(Checkout.newFolder("nats"));
        traces = TraceReceiver.start();
        platform = startPlatform(natsServer);
        gateway = new Gateway(platform.gateway());
        ScenarioClock.print(getClass().getSimpleName() + " platform start", start, "up");
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (natsServer != null) {
            natsServer.close();
        }
        if (traces != null) {
            traces.close();
        }
    }
}
