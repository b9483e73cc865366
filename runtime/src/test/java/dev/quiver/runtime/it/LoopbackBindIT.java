package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code quiver dev}'s runtime is reachable from this machine only: the gateway and the admin API listen on
 * loopback unless {@code quarkus.http.host} says otherwise, and then the log warns.
 */
class LoopbackBindIT {

    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void gatewayAndAdminApiRefuseConnectionsOnOtherAddressesOfThisMachine() throws IOException {
        Optional<InetAddress> lan = nonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to connect through");
        try (LocalRuntimeProcess runtime = LocalRuntimeProcess.start(List.of(), Map.of())) {
            runtime.await("the gateway", START, () -> runtime.get("/fn/none", Map.of()).statusCode(), status -> status > 0);

            assertThatThrownBy(() -> connect(lan.get(), runtime.gatewayPort)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> connect(lan.get(), runtime.adminPort)).isInstanceOf(IOException.class);
            assertThat(runtime.log()).doesNotContain("beyond this machine");
        }
    }

    @Test
    void anExplicitHostExposesTheGatewayWithAWarning() throws IOException {
        Optional<InetAddress> lan = nonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to connect through");
        try (LocalRuntimeProcess runtime = LocalRuntimeProcess.start(List.of(), Map.of("quarkus.http.host", "0.0.0.0"))) {
            runtime.await("the gateway", START, () -> runtime.get("/fn/none", Map.of()).statusCode(), status -> status > 0);

            connect(lan.get(), runtime.gatewayPort);
            assertThat(runtime.log()).contains("the gateway listens on 0.0.0.0");
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(nic -> {
            try {
                return nic.isUp() && !nic.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(address -> address instanceof Inet4Address)
                .filter(address -> !address.isLoopbackAddress()).findFirst();
    }
}
