package dev.quiver.acceptance;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link EventScenarios} on the cluster stand-in with two runtime replicas (two gateways binding the same
 * triggers), so a Job-mode function's cap must hold across them.
 */
class ClusterEventsIT extends EventScenarios {

    private static final String NATS_URL_SEAM = "needs NATS_URL in function pods (branch seams-controller: "
            + "quiver.controller.nats-url): without it link-checker publishes no result; passes with it";

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS, 2);
    }

    @Override
    @Test
    @Order(1)
    @Disabled(NATS_URL_SEAM)
    void aJetStreamTriggerHandlesEveryOneOfTwoHundredMessages() throws Exception {
        super.aJetStreamTriggerHandlesEveryOneOfTwoHundredMessages();
    }

    @Override
    @Test
    @Order(2)
    @Disabled(NATS_URL_SEAM)
    void theLinkCheckersResultReachesTheLinkManagerOverNats() {
        super.theLinkCheckersResultReachesTheLinkManagerOverNats();
    }

    @Override
    @Test
    @Order(3)
    @Disabled("needs the Job cap across runtime replicas (branch seams-runtime: slot Leases): each of the two "
            + "runtimes runs scale.max Jobs, and the pods starting at once on a small machine fail their liveness "
            + "probe; passes with it")
    void aJobModeFunctionRunsOneJobPerEventWithItsCapHeld() throws Exception {
        super.aJobModeFunctionRunsOneJobPerEventWithItsCapHeld();
    }
}
