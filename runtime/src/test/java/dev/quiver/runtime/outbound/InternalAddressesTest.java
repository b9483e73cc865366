package dev.quiver.runtime.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InternalAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "169.254.169.254", "10.0.0.1", "10.255.255.255",
            "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3",
            "224.0.0.1", "239.255.255.250", "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
            "febf::1", "ff02::1"})
    void loopbackLinkLocalPrivateCgnatUniqueLocalAndMulticastAreInternal(String address) throws Exception {
        assertThat(InternalAddresses.isInternal(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "192.169.0.1", "11.0.0.1", "2606:4700::1111", "2001:4860:4860::8888", "fbff::1"})
    void publicAddressesAreNotInternal(String address) throws Exception {
        assertThat(InternalAddresses.isInternal(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000000000000000ffff7f000001", "00000000000000000000ffffa9fea9fe",
            "00000000000000000000ffff0a000001", "0000000000000000000000007f000001", "0064ff9b0000000000000000a9fea9fe",
            "2002a9fea9fe00000000000000000000", "2002c0a8000100000000000000000000"})
    void ipv6FormsThatCarryAnInternalIpv4AddressAreInternal(String hex) throws Exception {
        // built as real Inet6Address objects: InetAddress.getByName would turn ::ffff:a.b.c.d into IPv4 itself
        InetAddress address = Inet6Address.getByAddress(null, bytes(hex), null);
        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(InternalAddresses.isInternal(address)).as(address.toString()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000000000000000ffff08080808", "0064ff9b000000000000000008080808",
            "20020808080800000000000000000000"})
    void ipv6FormsThatCarryAPublicIpv4AddressAreNot(String hex) throws Exception {
        InetAddress address = Inet6Address.getByAddress(null, bytes(hex), null);
        assertThat(InternalAddresses.isInternal(address)).as(address.toString()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:169.254.169.254", "[::ffff:10.1.2.3]"})
    void ipv4MappedLiteralsAreJudgedByTheirIpv4Address(String literal) {
        assertThat(InternalAddresses.isInternal(AddressRange.literal(literal))).as(literal).isTrue();
    }

    private static byte[] bytes(String hex) throws UnknownHostException {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
