package dev.quiver.runtime.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {

    @Test
    void aPublicAddressIsChosenAndAnInternalOneRefused() {
        OutboundPolicy policy = OutboundPolicy.publicOnly();

        assertThat(policy.choose("hooks.example.com", List.of(ip("203.0.113.7")))).contains(ip("203.0.113.7"));
        assertThat(policy.choose("169.254.169.254", List.of(ip("169.254.169.254")))).isEmpty();
        assertThat(policy.choose("localhost", List.of(ip("127.0.0.1")))).isEmpty();
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsInternal() {
        OutboundPolicy policy = OutboundPolicy.publicOnly();

        assertThat(policy.choose("rebind.example.com", List.of(ip("203.0.113.7"), ip("10.0.0.5")))).isEmpty();
        assertThat(policy.choose("nothing.example.com", List.of())).isEmpty();
    }

    @Test
    void theAllowListOpensAddressBlocksAndHostNames() {
        OutboundPolicy policy = OutboundPolicy.allowing(List.of("10.1.0.0/16", "::1", "hooks.internal",
                "*.svc.cluster.local", " "));

        assertThat(policy.choose("10.1.2.3", List.of(ip("10.1.2.3")))).contains(ip("10.1.2.3"));
        assertThat(policy.choose("10.2.0.1", List.of(ip("10.2.0.1")))).isEmpty();
        assertThat(policy.choose("::1", List.of(ip("::1")))).contains(ip("::1"));
        assertThat(policy.choose("HOOKS.internal.", List.of(ip("192.168.0.9")))).contains(ip("192.168.0.9"));
        assertThat(policy.choose("a.b.svc.cluster.local", List.of(ip("10.96.0.1")))).contains(ip("10.96.0.1"));
        assertThat(policy.choose("svc.cluster.local.evil.example", List.of(ip("10.96.0.1")))).isEmpty();
    }

    @Test
    void aNameOnTheListNeverAllowsALiteralAddressThatLooksLikeIt() {
        OutboundPolicy policy = OutboundPolicy.allowing(List.of("*.0.0.1"));

        assertThat(policy.choose("127.0.0.1", List.of(ip("127.0.0.1")))).isEmpty();
    }

    @Test
    void loopbackAddedToAPolicyAllowsLoopbackOnly() {
        OutboundPolicy local = OutboundPolicy.publicOnly().plus(InternalAddresses.LOOPBACK);

        assertThat(local.choose("localhost", List.of(ip("127.0.0.1"), ip("::1")))).contains(ip("127.0.0.1"));
        assertThat(local.choose("169.254.169.254", List.of(ip("169.254.169.254")))).isEmpty();
        assertThat(local.choose("10.0.0.1", List.of(ip("10.0.0.1")))).isEmpty();
    }

    @Test
    void onlyHttpAndHttpsAreAllowedSchemes() {
        assertThat(OutboundPolicy.schemeAllowed("HTTPS")).isTrue();
        assertThat(OutboundPolicy.schemeAllowed("http")).isTrue();
        assertThat(OutboundPolicy.schemeAllowed("file")).isFalse();
        assertThat(OutboundPolicy.schemeAllowed("gopher")).isFalse();
    }

    @Test
    void anEntryThatIsNeitherABlockNorANameIsRejected() {
        assertThatThrownBy(() -> OutboundPolicy.allowing(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboundPolicy.allowing(List.of("http://x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboundPolicy.allowing(List.of("bad host"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static InetAddress ip(String literal) {
        return AddressRange.literal(literal);
    }
}
