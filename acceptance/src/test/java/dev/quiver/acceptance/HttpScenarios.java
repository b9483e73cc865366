package dev.quiver.acceptance;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP side of Quiver as a user sees it, written once and run on each platform (a subclass per platform
 * starts it once for the class): deploy, traffic split, tags and header routes, scaling, rollout and rollback
 * under load, failing revisions, and config restored by a rollback. The scenarios run in order, the most basic
 * first; each deploys the revisions it needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ScenarioClock.class)
abstract class HttpScenarios {

    /** The platform under test, started once for the class. */
    PlatformUnderTest platform;
    private NatsServer nats;
    private Gateway gateway;

    /** Starts the platform this subclass tests, using {@code nats}. */
    abstract PlatformUnderTest startPlatform(NatsServer nats);

    @BeforeAll
    void startPlatform() {
        long start = System.nanoTime();
        nats = NatsServer.start(Checkout.newFolder("nats"));
        platform = startPlatform(nats);
        gateway = new Gateway(platform.gateway());
        ScenarioClock.print(getClass().getSimpleName() + " platform start", start, "up");
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    @Order(1)
    void aDeployedFunctionAnswersThroughTheGatewayNamingItsRevision() {
        String revision = platform.deploy(FunctionFolder.copyOf("hello"));

        HttpResponse<String> response = gateway.post("/fn/hello", "{\"name\":\"Ada\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Gateway.revision(response)).isEqualTo(revision);
        assertThat(response.body()).contains("Hello, Ada!");
        assertThat(platform.readyRevision("hello")).isEqualTo(revision);
    }
}
