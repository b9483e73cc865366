package dev.quiver.runtime.local;

import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.Probes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One check of a {@link HealthProbe} against a replica on a loopback port: an HTTP GET of the probe's path that
 * must answer 2xx, or a TCP connect that must be accepted. Kept this small on purpose: on the cold path it runs
 * every few milliseconds while a replica starts, and a refused connection costs microseconds.
 */
public final class ProbeCheck {

    private final HealthProbe probe;
    private final byte[] request;
    private final int timeoutMillis;

    private ProbeCheck(HealthProbe probe) {
        this.probe = probe;
        this.request = probe.httpGet == null ? null : ("GET " + probe.httpGet.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.timeoutMillis = 1000 * (probe.timeoutSeconds == null ? Probes.TIMEOUT_SECONDS : probe.timeoutSeconds);
    }

    /** Checks with this probe (as {@link Probes#of} fills it in; unset settings take the contract's defaults). */
    public static ProbeCheck of(HealthProbe probe) {
        return new ProbeCheck(probe);
    }

    /** The probe it checks with. */
    public HealthProbe probe() {
        return probe;
    }

    /** The probe in words, e.g. {@code GET /q/health/ready} or {@code TCP connect to $PORT}. */
    public String description() {
        return Probes.describe(probe);
    }

    /** Whether the replica on this loopback port passes the probe now. */
    public boolean passes(int port) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(LaunchSpec.LOOPBACK, port), timeoutMillis);
            if (request == null) {
                return true;
            }
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return statusOf(socket.getInputStream()) / 100 == 2;
        } catch (IOException e) {
            return false;
        }
    }

    /** The status code of the response's status line ("HTTP/1.1 200 OK"), or -1. */
    private static int statusOf(InputStream in) throws IOException {
        byte[] line = new byte[12];
        int read = 0;
        while (read < line.length) {
            int n = in.read(line, read, line.length - read);
            if (n < 0) {
                return -1;
            }
            read += n;
        }
        String head = new String(line, StandardCharsets.US_ASCII);
        try {
            return Integer.parseInt(head.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return description();
    }
}
