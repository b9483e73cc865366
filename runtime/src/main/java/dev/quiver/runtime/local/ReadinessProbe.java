package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One {@code GET /health/ready} over a plain socket. Kept this small on purpose: on the cold path the probe runs
 * every few milliseconds while a replica starts, and a refused connection costs microseconds.
 */
public final class ReadinessProbe {

    private static final byte[] REQUEST = ("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private ReadinessProbe() {
    }

    /** Whether the replica on this loopback port answers 2xx on its readiness endpoint. */
    public static boolean ready(int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
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
}
