package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackNamesTest {

    @Test
    void loopbackHostsWithOrWithoutAPort() {
        assertThat(LoopbackNames.isLoopbackHost("localhost")).isTrue();
        assertThat(LoopbackNames.isLoopbackHost("LOCALHOST:8081")).isTrue();
        assertThat(LoopbackNames.isLoopbackHost("127.0.0.1:8081")).isTrue();
        assertThat(LoopbackNames.isLoopbackHost("[::1]")).isTrue();
        assertThat(LoopbackNames.isLoopbackHost("[::1]:8081")).isTrue();
    }

    @Test
    void otherHostsAreNotLoopback() {
        assertThat(LoopbackNames.isLoopbackHost(null)).isFalse();
        assertThat(LoopbackNames.isLoopbackHost("")).isFalse();
        assertThat(LoopbackNames.isLoopbackHost("attacker.example:8081")).isFalse();
        assertThat(LoopbackNames.isLoopbackHost("localhost.attacker.example")).isFalse();
        assertThat(LoopbackNames.isLoopbackHost("192.168.1.5:8081")).isFalse();
        assertThat(LoopbackNames.isLoopbackHost("localhost:80x")).isFalse();
        assertThat(LoopbackNames.isLoopbackHost("localhost:")).isFalse();
    }

    @Test
    void loopbackOriginsOnly() {
        assertThat(LoopbackNames.isLoopbackOrigin("http://localhost:3000")).isTrue();
        assertThat(LoopbackNames.isLoopbackOrigin("https://127.0.0.1")).isTrue();
        assertThat(LoopbackNames.isLoopbackOrigin("http://attacker.example")).isFalse();
        assertThat(LoopbackNames.isLoopbackOrigin("null")).isFalse();
        assertThat(LoopbackNames.isLoopbackOrigin("file://localhost")).isFalse();
        assertThat(LoopbackNames.isLoopbackOrigin("http://localhost@attacker.example")).isFalse();
    }
}
