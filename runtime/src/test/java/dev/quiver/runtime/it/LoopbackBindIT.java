package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code quiver dev}'s runtime is reachable from this machine only: the gateway and the admin API listen on
 * loopback unless {@code quarkus.http.host} says otherwise, and then the log warns. The listening sockets' own
 * addresses are read from the kernel's table ({@code /proc/net/tcp*}), so the test sends nothing beyond loopback.
 */
class LoopbackBindIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Path TCP = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");

    @Test
    void gatewayAndAdminApiListenOnLoopbackOnly() throws IOException {
        assumeTrue(Files.isReadable(TCP), "needs Linux's /proc/net/tcp");
        try (LocalRuntimeProcess runtime = LocalRuntimeProcess.start(List.of(), Map.of())) {
            runtime.await("the gateway", START, () -> runtime.get("/fn/none", Map.of()).statusCode(), status -> status > 0);

            assertThat(listeningOn(runtime.gatewayPort)).as("the gateway's sockets").containsOnly("loopback");
            assertThat(listeningOn(runtime.adminPort)).as("the admin API's sockets").containsOnly("loopback");
            assertThat(runtime.log()).doesNotContain("beyond this machine");
        }
    }

    @Test
    void anExplicitHostExposesTheGatewayWithAWarning() throws IOException {
        assumeTrue(Files.isReadable(TCP), "needs Linux's /proc/net/tcp");
        try (LocalRuntimeProcess runtime = LocalRuntimeProcess.start(List.of(), Map.of("quarkus.http.host", "0.0.0.0"))) {
            runtime.await("the gateway", START, () -> runtime.get("/fn/none", Map.of()).statusCode(), status -> status > 0);

            assertThat(listeningOn(runtime.gatewayPort)).as("the gateway's sockets").contains("any");
            assertThat(runtime.log()).contains("the gateway listens on 0.0.0.0");
        }
    }

    /** What the sockets listening on a TCP port are bound to: {@code loopback}, {@code any} or another address. */
    private static Set<String> listeningOn(int port) throws IOException {
        Set<String> bound = new HashSet<>();
        for (Path table : List.of(TCP, TCP6)) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                boolean listening = "0A".equals(fields[3]);
                if (listening && Integer.parseInt(local[1], 16) == port) {
                    bound.add(kind(local[0].toUpperCase(Locale.ROOT)));
                }
            }
        }
        return bound;
    }

    // Addresses as the kernel prints them: 32-bit words in host (little-endian) order.
    private static String kind(String hex) {
        return switch (hex) {
            case "0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000" -> "loopback";
            case "00000000", "00000000000000000000000000000000" -> "any";
            default -> hex;
        };
    }
}
