package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.quiver.api.HealthProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** One probe check against a real listener on loopback. */
class ProbeCheckTest {

    @Test
    void aTcpProbePassesOnceSomethingAcceptsConnections() throws IOException {
        ProbeCheck check = ProbeCheck.of(HealthProbe.tcpSocket());
        int port;
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            assertThat(check.passes(port)).isTrue();
        }

        assertThat(check.passes(port)).isFalse();
        assertThat(check.description()).isEqualTo("TCP connect to $PORT");
    }

    @Test
    void anHttpProbePassesOn2xxOfItsPathOnly() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();

            assertThat(ProbeCheck.of(HealthProbe.httpGet("/q/health/ready")).passes(port)).isTrue();
            assertThat(ProbeCheck.of(HealthProbe.httpGet("/health/ready")).passes(port)).isFalse();
            assertThat(ProbeCheck.of(HealthProbe.httpGet("/q/health/ready")).description())
                    .isEqualTo("GET /q/health/ready");
        } finally {
            server.stop(0);
        }
    }
}
