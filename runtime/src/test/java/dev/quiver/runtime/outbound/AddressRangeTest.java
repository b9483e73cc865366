package dev.quiver.runtime.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void aBlockContainsTheAddressesUnderItsPrefixOnly() {
        AddressRange block = AddressRange.parse("172.16.0.0/12");

        assertThat(block.contains(AddressRange.literal("172.31.255.255"))).isTrue();
        assertThat(block.contains(AddressRange.literal("172.32.0.0"))).isFalse();
        assertThat(block.contains(AddressRange.literal("::ffff:172.20.0.1"))).isTrue();
        assertThat(block.contains(AddressRange.literal("fe80::1"))).isFalse();
    }

    @Test
    void theHostBitsOfTheNetworkAreCleared() {
        assertThat(AddressRange.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(AddressRange.parse("fd00::1")).hasToString(AddressRange.literal("fd00::1").getHostAddress() + "/128");
    }

    @Test
    void onlyLiteralAddressesAreParsedAndNothingIsLookedUp() {
        assertThat(AddressRange.isLiteral("localhost")).isFalse();
        assertThat(AddressRange.isLiteral("1.2.3")).isFalse();
        assertThat(AddressRange.isLiteral("256.1.1.1")).isFalse();
        assertThat(AddressRange.isLiteral("[::1]")).isTrue();
        assertThat(AddressRange.literal("example.com")).isNull();
        assertThatThrownBy(() -> AddressRange.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressRange.parse("::1/129")).isInstanceOf(IllegalArgumentException.class);
    }
}
