package dev.quiver.runtime.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * An HTTP/1.1 POST written by hand on a socket, so a test controls how fast its body goes: a slow client's
 * trickle, or a huge body sent flat out with or without a {@code Content-Length}. The answer is read whole (the
 * status, and a body of up to 1 MiB); a connection the server cuts is an outcome too.
 *
 * @param status the answer's status, or 0 when the connection was cut before an answer
 * @param body   the answer's body ({@code ""} when cut)
 * @param cut    why no answer came, or null
 */
record RawUpload(int status, String body, String cut) {

    private static final int ANSWER_LIMIT = 1024 * 1024;

    /**
     * Sends a POST of {@code total} bytes to the port.
     *
     * @param chunked     whether the body goes chunked rather than with a {@code Content-Length}
     * @param chunkBytes  bytes written at a time
     * @param pauseMillis pause after each write
     */
    static RawUpload post(int port, String path, long total, boolean chunked, int chunkBytes, long pauseMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + total + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[chunkBytes];
            Arrays.fill(block, (byte) 'q');
            String writeFailure = null;
            try {
                for (long sent = 0; sent < total && socket.getInputStream().available() == 0; sent += chunkBytes) {
                    int length = (int) Math.min(chunkBytes, total - sent);
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(block, 0, length);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
                if (chunked && socket.getInputStream().available() == 0) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException answeredOrCut) {
                writeFailure = answeredOrCut.toString(); // the server may have answered before it read everything
            }
            try {
                return read(socket.getInputStream());
            } catch (IOException e) {
                return new RawUpload(0, "", writeFailure != null ? writeFailure : e.toString());
            }
        } catch (IOException e) {
            return new RawUpload(0, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RawUpload(0, "", e.toString());
        }
    }

    private static RawUpload read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                return new RawUpload(0, "", "closed before an answer");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        if (chunked) {
            return new RawUpload(status, new String(dechunk(in), StandardCharsets.UTF_8), null);
        }
        byte[] body = in.readNBytes((int) Math.min(length < 0 ? ANSWER_LIMIT : length, ANSWER_LIMIT));
        return new RawUpload(status, new String(body, StandardCharsets.UTF_8), null);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < ANSWER_LIMIT) {
            StringBuilder size = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return body.toByteArray();
                }
                size.append((char) b);
            }
            int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (length == 0) {
                break;
            }
            body.write(in.readNBytes(length));
            in.readNBytes(2);
        }
        return body.toByteArray();
    }
}
