package dev.quiver.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NatsProbeTest {

    @Test
    void findsARunningNatsServer() throws Exception {
        int port = freePort();
        Process nats = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitListening(port);
            assertThat(NatsProbe.reachable("nats://127.0.0.1:" + port)).contains("nats://127.0.0.1:" + port);
        } finally {
            nats.destroy();
            nats.waitFor();
        }
    }

    @Test
    void reportsNothingWhereNoServerListens() throws Exception {
        assertThat(NatsProbe.reachable("nats://127.0.0.1:" + freePort())).isEmpty();
    }

    @Test
    void refusesAServerThatIsNotNats() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket client = silent.accept()) {
                    client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (IOException ignored) {
                    // the probe has gone
                }
            });
            acceptor.start();
            assertThat(NatsProbe.reachable("nats://127.0.0.1:" + silent.getLocalPort())).isEmpty();
            acceptor.join();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("nats-server did not start on port " + port);
    }
}
