package dev.quiver.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.outbound.OutboundPolicy;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackTargetsDefaultsTest {

    @Test
    void theLocalPlatformAllowsLoopbackCallbacksAndNothingElseInternal() throws Exception {
        OutboundPolicy local = CallbackTargets.policy(true, List.of());

        assertThat(local.allowed("localhost", InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(local.allowed("localhost", InetAddress.getByName("::1"))).isTrue();
        assertThat(local.allowed("169.254.169.254", InetAddress.getByName("169.254.169.254"))).isFalse();
        assertThat(local.allowed("10.0.0.1", InetAddress.getByName("10.0.0.1"))).isFalse();
    }

    @Test
    void onKubernetesOnlyTheAllowListOpensInternalAddresses() throws Exception {
        OutboundPolicy cluster = CallbackTargets.policy(false, List.of("10.96.0.0/12", "*.svc.cluster.local"));

        assertThat(cluster.allowed("localhost", InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(cluster.allowed("10.100.0.1", InetAddress.getByName("10.100.0.1"))).isTrue();
        assertThat(cluster.allowed("hooks.team.svc.cluster.local", InetAddress.getByName("10.244.1.9"))).isTrue();
        assertThat(cluster.allowed("192.168.1.1", InetAddress.getByName("192.168.1.1"))).isFalse();
        assertThat(cluster.allowed("example.com", InetAddress.getByName("93.184.215.14"))).isTrue();
    }
}
