package dev.quiver.acceptance;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@link HttpScenarios} on the cluster stand-in (mock API server, controller, runtime, kubelet stand-in). */
class ClusterHttpIT extends HttpScenarios {

    @Override
    PlatformUnderTest startPlatform(NatsServer nats) {
        return StandInClusterPlatform.start(nats.url(), Platforms.RUNTIME_SETTINGS, 1);
    }

    @Override
    @Test
    @Order(3)
    @Disabled("needs the replicas seam: the controller copies a revision's spec.replicas into its Deployment only "
            + "at creation (fixed on branch seams-controller), and, still with that fix, a revision whose spec.replicas "
            + "was never written reads as 0 desired in the runtime (KubernetesPlatform.desiredReplicas) while its "
            + "Deployment runs 1 pod, so the autoscaler never scales it to zero")
    void anIdleRevisionScalesToZeroAnswersAColdRequestAndScalesOutUnderLoad() {
        super.anIdleRevisionScalesToZeroAnswersAColdRequestAndScalesOutUnderLoad();
    }
}
