package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Runs one probe (httpGet or tcpSocket) against a pod's address; other probe kinds pass. */
final class ProbeRunner {

    /** HTTP/1.1 like the kubelet's prober (no h2c upgrade offered to the app). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private ProbeRunner() {
    }

    /** Whether the probe passes now. */
    static boolean passes(Probe probe, Container container, String ip) {
        int timeout = probe.getTimeoutSeconds() == null || probe.getTimeoutSeconds() < 1 ? 1 : probe.getTimeoutSeconds();
        if (probe.getHttpGet() != null) {
            var get = probe.getHttpGet();
            String host = get.getHost() == null || get.getHost().isBlank() ? ip : get.getHost();
            String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
            String url = "http://" + host + ":" + port(get.getPort(), container) + (path.startsWith("/") ? path : "/" + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(timeout)).GET();
            if (get.getHttpHeaders() != null) {
                get.getHttpHeaders().forEach(h -> request.header(h.getName(), h.getValue()));
            }
            try {
                int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 400;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (probe.getTcpSocket() != null) {
            String host = probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isBlank() ? ip
                    : probe.getTcpSocket().getHost();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port(probe.getTcpSocket().getPort(), container)), timeout * 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return true; // exec and grpc probes are not emulated
    }

    /** A port by number, or by the name of one of the container's ports (8080 when unknown). */
    static int port(IntOrString port, Container container) {
        if (port == null) {
            return 8080;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name != null && name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            return Integer.parseInt(name);
        }
        if (container.getPorts() != null) {
            for (ContainerPort p : container.getPorts()) {
                if (name != null && name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        return 8080;
    }
}
